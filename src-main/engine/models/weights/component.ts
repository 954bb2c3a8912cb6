// One model component (unet, vae, text_encoder, controlnet) of a checkpoint, seen through our canonical
// diffusers key names whatever the file's own layout. Tensors stay on disk until `read()` is called.
import type { DType } from './dtype'
import { WeightsError, listSome } from './errors'
import { diffusersShape, type MappedKey } from './names/keymap'
import type { SafetensorsFile } from './safetensors'

export type Component = 'unet' | 'vae' | 'text_encoder' | 'controlnet'

export interface WeightTensor {
  /** Canonical diffusers/transformers key. */
  key: string
  /** Shape under the canonical key (a foreign 1×1 conv [C,C,1,1] appears here as Linear [C,C]). */
  shape: number[]
  dtype: DType
  /** Where it lives: the file and the key inside it. */
  file: string
  sourceKey: string
  /** Values as float32. */
  read(): Float32Array
  /** The stored bytes (same element order under either shape). */
  readRaw(): Uint8Array
}

export class ComponentWeights {
  private readonly byKey = new Map<string, WeightTensor>()
  /** Source keys present but deliberately unused (e.g. text position_ids). */
  readonly ignored: string[] = []
  /** Source keys under this component's prefix that the name table does not know. */
  readonly unmapped: string[] = []

  constructor(readonly component: Component) {}

  add(tensor: WeightTensor): void {
    const existing = this.byKey.get(tensor.key)
    if (existing) {
      throw new WeightsError(
        'duplicate-keys',
        `${tensor.file}: "${existing.sourceKey}" and "${tensor.sourceKey}" both map to ${this.component} key ` +
          `"${tensor.key}"; the checkpoint is ambiguous.`,
      )
    }
    this.byKey.set(tensor.key, tensor)
  }

  get(key: string): WeightTensor | undefined {
    return this.byKey.get(key)
  }

  keys(): string[] {
    return [...this.byKey.keys()]
  }

  get size(): number {
    return this.byKey.size
  }

  /** Canonical key → shape, for detection and coverage checks. */
  shapes(): Map<string, readonly number[]> {
    return new Map([...this.byKey].map(([k, t]) => [k, t.shape]))
  }

  /** Reads a tensor by canonical key; throws a clear error when it is absent. */
  read(key: string): Float32Array {
    const tensor = this.byKey.get(key)
    if (!tensor) throw new WeightsError('missing-keys', `The ${this.component} weights have no tensor "${key}".`)
    return tensor.read()
  }
}

/** A lazily read tensor of `file`, exposed under `key` (with the Linear shape when `conv1x1`). */
export function fileTensor(file: SafetensorsFile, sourceKey: string, key: string, conv1x1 = false): WeightTensor {
  const info = file.info(sourceKey)
  return {
    key,
    shape: diffusersShape(info.shape, conv1x1),
    dtype: info.dtype,
    file: file.path,
    sourceKey,
    read: () => file.read(sourceKey),
    readRaw: () => file.readRaw(sourceKey),
  }
}

/** Maps a key of the file to its canonical key, or undefined when it does not belong here. */
export type Rename = (sourceKey: string) => MappedKey | undefined

/** Adds the given keys of `file` to `weights`, renamed by `rename`; unknown keys are listed as unmapped. */
export function addMapped(weights: ComponentWeights, file: SafetensorsFile, keys: readonly string[], rename: Rename) {
  for (const sourceKey of keys) {
    const mapped = rename(sourceKey)
    if (mapped) weights.add(fileTensor(file, sourceKey, mapped.key, mapped.conv1x1))
    else weights.unmapped.push(sourceKey)
  }
}

/** Describes leftovers for messages: "3 keys: a, b, c". */
export function describeKeys(keys: readonly string[]): string {
  return `${keys.length} key${keys.length === 1 ? '' : 's'}: ${listSome(keys)}`
}
