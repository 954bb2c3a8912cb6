// Random-weight checkpoints with a given key layout, for loader tests and full-size checks (no real
// weights exist on this machine). Values are deterministic per (seed, tensor name) and scaled like a
// fresh initialisation, so networks built from them produce finite activations:
//   matrices/kernels U(−1, 1)/√fan_in, norm scales 1 + 0.02·U, biases and embeddings 0.02·U.
// Data is generated and written in chunks: a 4 GB file never sits in memory.
import type { WritableDType } from './dtype'
import { writeSafetensors, type TensorToWrite } from './writer'

export interface TensorSpec {
  name: string
  shape: readonly number[]
  dtype: WritableDType
}

const CHUNK = 1 << 20 // elements per generated chunk
const POOL_BITS = 22 // 4 Mi shared uniforms; each tensor reads them from its own start, wrapping

/** mulberry32: a tiny 32-bit PRNG. Returns uniforms in [−1, 1). */
function uniformSource(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1
  }
}

// Drawing a fresh PRNG value per element costs ~30 ns in JS; a 1-billion-parameter checkpoint would
// take minutes. Instead every tensor reads a shared pool of uniforms sequentially from a start given by
// its name's hash (a few ns per element; strided reads were cache-bound). Values repeat every 4 Mi
// elements inside the largest tensors, which no loader or shape check can notice.
const pools = new Map<number, Float32Array>()
function uniformPool(seed: number): Float32Array {
  let pool = pools.get(seed)
  if (!pool) {
    const next = uniformSource(seed ^ 0x9e3779b9)
    pool = Float32Array.from({ length: 1 << POOL_BITS }, next)
    pools.set(seed, pool)
  }
  return pool
}

function hashName(name: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0 // FNV-1a
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0
  return h
}

/** [scale, offset] so that value = offset + scale·U(−1, 1), chosen from the tensor's role. */
export function initScale(name: string, shape: readonly number[]): [number, number] {
  if (shape.length >= 2 && !name.includes('embedding')) {
    const fanIn = shape.slice(1).reduce((a, b) => a * b, 1)
    return [1 / Math.sqrt(fanIn), 0]
  }
  if (shape.length === 1 && name.endsWith('.weight')) return [0.02, 1] // GroupNorm / LayerNorm scale
  return [0.02, 0]
}

/** A chunk generator for one tensor; calling it again replays the same values. */
export function randomChunks(spec: TensorSpec, seed = 0): () => Iterable<Float32Array> {
  const numel = spec.shape.reduce((a, b) => a * b, 1)
  const [scale, offset] = initScale(spec.name, spec.shape)
  const mask = (1 << POOL_BITS) - 1
  const start = hashName(spec.name, seed) & mask
  return function* () {
    const pool = uniformPool(seed)
    for (let done = 0; done < numel; done += CHUNK) {
      const chunk = new Float32Array(Math.min(CHUNK, numel - done))
      fillFromPool(chunk, pool, (start + done) & mask, scale, offset)
      yield chunk
    }
  }
}

function fillFromPool(chunk: Float32Array, pool: Float32Array, index: number, scale: number, offset: number) {
  const mask = pool.length - 1
  for (let i = 0; i < chunk.length; i++) chunk[i] = offset + scale * pool[(index + i) & mask]
}

/** Writes a safetensors file whose tensors follow `specs` (in that order) with random values. */
export function writeRandomCheckpoint(
  path: string,
  specs: readonly TensorSpec[],
  options: { seed?: number; metadata?: Record<string, string> } = {},
): void {
  const tensors: TensorToWrite[] = specs.map((s) => ({ ...s, data: randomChunks(s, options.seed) }))
  writeSafetensors(path, tensors, options.metadata)
}
