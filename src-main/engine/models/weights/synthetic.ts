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

/** mulberry32: a tiny, fast 32-bit PRNG; plenty for test weights. Returns uniforms in [−1, 1). */
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
  return function* () {
    const next = uniformSource(hashName(spec.name, seed))
    for (let done = 0; done < numel; done += CHUNK) {
      const chunk = new Float32Array(Math.min(CHUNK, numel - done))
      for (let i = 0; i < chunk.length; i++) chunk[i] = offset + scale * next()
      yield chunk
    }
  }
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
