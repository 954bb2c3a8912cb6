// Random moments to SIGKILL a farm worker, drawn from a seeded PRNG so that a failing draw can be
// replayed: the seed is in the test names; FARM_KILL_SEED=<seed> draws the same kill points again.
// A kill point is "the k-th item any worker starts, then a pause": with K items in the render, k is
// drawn over 1..K (every stage can be hit) and the pause over 0..1 s (mid-item, or just after it).
// Timing still varies between runs, so a replay hits the same item, not the same instant.

/** The seed of this run: FARM_KILL_SEED, else a fresh one. */
export function killSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.FARM_KILL_SEED
  if (given === undefined || given === '') return Math.floor(Math.random() * 2 ** 31)
  const seed = Number(given)
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`FARM_KILL_SEED must be a whole number, got "${given}"`)
  return seed
}

/** mulberry32: a small, well-mixed 32-bit PRNG; the same seed gives the same numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

export interface KillPoint {
  /** Where in the render, as a share of its items: item ⌈share·K⌉ (at least 1). */
  share: number
  /** Pause after that item's start line before the SIGKILL. */
  delayMs: number
}

export function drawKillPoints(seed: number, count: number): KillPoint[] {
  const next = prng(seed)
  return Array.from({ length: count }, () => ({ share: next(), delayMs: Math.floor(next() * 1000) }))
}

/** The 1-based item number of a kill point in a render of `items` items. */
export function killItem(point: KillPoint, items: number): number {
  return Math.min(items, Math.max(1, Math.ceil(point.share * items)))
}
