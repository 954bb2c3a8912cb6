// One case file of the alternate set, in the real set's format: a safetensors file (F32 floats, I64
// integers, ordered by element size then name, like the generator's writer) and its manifest entry
// (file, description, tensors with shape/dtype/meaning, tolerance per output tensor).
import { join } from 'node:path'
import { writeSafetensors, type TensorToWrite } from '../../src-main/engine/models/weights/writer'
import { numel } from './random'

export interface ManifestTensor {
  shape: number[]
  dtype: 'F32' | 'I64'
  meaning: string
}

export interface Tolerance {
  max_abs_value: number
  suggested_atol: number
}

export interface ManifestEntry {
  file: string
  description: string
  tensors: Record<string, ManifestTensor>
  /** Per output tensor; the ddim case records its float64-formula spread instead. */
  tolerance: Record<string, Tolerance | { max_abs_diff_vs_fp64_formula: number }>
  [extra: string]: unknown
}

/**
 * This set has no independent reference (no float64 or second implementation run), so the tolerance is
 * the real set's floor: suggested_atol = 1e-5 · max|x|. Both sides run our own float32 code.
 */
export function tolerance(values: Float32Array): Tolerance {
  let max = 0
  for (const v of values) max = Math.max(max, Math.abs(v))
  if (!Number.isFinite(max)) throw new Error('reference values are not finite')
  return { max_abs_value: max, suggested_atol: Number((1e-5 * max).toPrecision(2)) }
}

export class CaseFile {
  private readonly tensors: TensorToWrite[] = []
  readonly entry: ManifestEntry

  constructor(
    private readonly dir: string,
    file: string,
    description: string,
    extra: Record<string, unknown> = {},
  ) {
    this.entry = { file, description, ...extra, tensors: {}, tolerance: {} }
  }

  /** A float tensor (input or reference). `output`: it gets a tolerance entry. */
  f32(name: string, shape: readonly number[], data: Float32Array, meaning: string, output = false): Float32Array {
    this.check(name, shape, data.length)
    this.tensors.push({ name, dtype: 'F32', shape, data })
    this.entry.tensors[name] = { shape: [...shape], dtype: 'F32', meaning }
    if (output) this.entry.tolerance[name] = tolerance(data)
    return data
  }

  /** An integer tensor (timesteps, token ids), stored as I64. */
  i64(name: string, shape: readonly number[], values: readonly number[], meaning: string): number[] {
    this.check(name, shape, values.length)
    const raw = new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer)
    this.tensors.push({ name, dtype: 'I64', shape, data: { raw } })
    this.entry.tensors[name] = { shape: [...shape], dtype: 'I64', meaning }
    return [...values]
  }

  write(metadata?: Record<string, string>): ManifestEntry {
    const size = (t: TensorToWrite) => (t.dtype === 'I64' ? 8 : 4)
    const ordered = [...this.tensors].sort((a, b) => size(b) - size(a) || (a.name < b.name ? -1 : 1))
    writeSafetensors(join(this.dir, this.entry.file), ordered, metadata)
    return this.entry
  }

  private check(name: string, shape: readonly number[], length: number): void {
    if (name in this.entry.tensors) throw new Error(`${this.entry.file}: tensor ${name} added twice`)
    if (numel(shape) !== length) throw new Error(`${this.entry.file}: ${name} has ${length} values for [${shape}]`)
  }
}

/** "(3,4,24,16)" — shapes in meanings, as the real manifest writes them. */
export const dims = (shape: readonly number[]): string => `(${shape.join(',')})`
