// Seeded random inputs for the alternate golden set: the same seed gives the same folder, byte for byte.
// mulberry32 for uniforms, Box–Muller for normals (float32 like torch.randn's output).

export class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }

  /** n standard normals. */
  normal(n: number): Float32Array {
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const u = 1 - this.next() // (0, 1]: log is finite
      out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next())
    }
    return out
  }

  /** n uniforms in [lo, hi). */
  uniform(n: number, lo = 0, hi = 1): Float32Array {
    return Float32Array.from({ length: n }, () => lo + (hi - lo) * this.next())
  }

  /** An integer in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo))
  }
}

export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1)
