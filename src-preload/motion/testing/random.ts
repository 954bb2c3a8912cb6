// Seeded randomness for property tests: the same seed gives the same sequence on every machine.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  range(lo: number, hi: number): number
  int(lo: number, hiExclusive: number): number
  pick<T>(items: readonly T[]): T
}

/** mulberry32: a 32-bit generator, small and good enough for test inputs. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const range = (lo: number, hi: number) => lo + (hi - lo) * next()
  const int = (lo: number, hiExclusive: number) => Math.floor(range(lo, hiExclusive))
  return { next, range, int, pick: (items) => items[int(0, items.length)] }
}
