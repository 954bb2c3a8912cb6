// A render's context as a blob, so a worker can rebuild any of its work items: the resolved inputs
// (image and mask included, for stage 1) and the settings. The worker recomputes the cache keys with
// its own model; an item whose rebuilt key differs from the queued one is refused (other model files
// or another engine version would compute something else under the same name).
import { parsePipelineSettings } from '../diffusion/settings'
import type { ResolvedInputs } from '../diffusion/inputs'
import { renderKeys } from '../diffusion/keys'
import type { DiffusionBackend } from '../diffusion/models'
import type { StageName } from '../diffusion/plan'
import {
  decodeItem,
  frameItem,
  generateItem,
  inversionItem,
  prepareItem,
  sourceItem,
  type StageContext,
} from '../diffusion/stages'
import { contentKey } from '../diffusion/tensors'
import type { WorkItem } from '../jobs'
import type { ItemSpec } from './workQueue'

interface ContextJson {
  prompt: string
  characterWords: string[]
  poses: ResolvedInputs['poses']
  /** Absent for a body-only render (its context blob is unchanged). */
  poseParts?: ResolvedInputs['poseParts']
  settings: unknown
  image: { width: number; height: number; data: string }
  mask: { width: number; height: number; data: string }
}

/** The context blob and its key (a content key of its bytes). */
export function contextBlob(c: StageContext): { key: string; bytes: Buffer } {
  const { image, mask, prompt, characterWords, poses, poseParts } = c.inputs
  const json: ContextJson = {
    prompt,
    characterWords,
    poses,
    ...(poseParts && { poseParts }),
    settings: c.settings,
    image: { width: image.width, height: image.height, data: base64(image.data) },
    mask: { width: mask.width, height: mask.height, data: base64(mask.data) },
  }
  const bytes = Buffer.from(JSON.stringify(json), 'utf8')
  return { key: contentKey('farm-context', bytes), bytes }
}

/** Rebuilds the stage context on this worker's backend (keys computed with its own model). */
export function contextFromBlob(bytes: Uint8Array, backend: DiffusionBackend): StageContext {
  const json = JSON.parse(Buffer.from(bytes).toString('utf8')) as ContextJson
  const settings = parsePipelineSettings(json.settings)
  const imageBytes = Buffer.from(json.image.data, 'base64')
  const maskBytes = Buffer.from(json.mask.data, 'base64')
  const inputs: ResolvedInputs = {
    prompt: json.prompt,
    characterWords: json.characterWords,
    poses: json.poses,
    ...(json.poseParts && { poseParts: json.poseParts }),
    image: { width: json.image.width, height: json.image.height, data: new Uint8Array(imageBytes) },
    mask: {
      width: json.mask.width,
      height: json.mask.height,
      data: new Float32Array(maskBytes.buffer.slice(maskBytes.byteOffset, maskBytes.byteOffset + maskBytes.byteLength)),
    },
  }
  return { backend, inputs, settings, keys: renderKeys(backend, inputs, settings) }
}

/** The pipeline's work item for `spec`, exactly as a local render plans it (diffusion/stages.ts). */
export function itemOf(c: StageContext, spec: ItemSpec): WorkItem {
  const [first] = spec.index
  const build: Record<StageName, () => WorkItem> = {
    prepare: () => prepareItem(c),
    inversion: () => inversionItem(c),
    'pacm-source': () => sourceItem(c, first),
    'pacm-frames': () => frameItem(c, first),
    generate: () => generateItem(c, spec.index),
    decode: () => decodeItem(c, first),
  }
  return build[spec.stage]()
}

/** The spec that rebuilds a planned item of `stage` (the inverse of itemOf). */
export function specOf(c: StageContext, stage: StageName, item: WorkItem): ItemSpec {
  const { keys } = c
  const at = (list: readonly string[], key: string) => {
    const i = list.indexOf(key)
    if (i < 0) throw new Error(`${item.key} is not an item of this render's ${stage} stage`)
    return [i]
  }
  const index: Record<StageName, () => number[]> = {
    prepare: () => [],
    inversion: () => [],
    'pacm-source': () => at(keys.source, item.key),
    'pacm-frames': () => at(keys.frames, item.key),
    generate: () => Object.values(item.storeAs ?? {}).map((latents) => at(keys.latents, latents)[0]),
    decode: () => at(keys.decode, item.key),
  }
  return { stage, index: index[stage]() }
}

/** Frames an item serves, for messages: "frame 3", "frames 1–4", "the source". */
export function labelOf(c: StageContext, spec: ItemSpec): string {
  if (spec.stage === 'pacm-frames') {
    const frames = c.keys.frames.flatMap((k, f) => (k === c.keys.frames[spec.index[0]] ? [f] : []))
    return frames.length === 1 ? `frame ${frames[0]}` : `frames ${frames.join(', ')} (same pose)`
  }
  if (spec.stage === 'generate' || spec.stage === 'decode') {
    const [a, b] = [spec.index[0], spec.index.at(-1)]
    return a === b ? `frame ${a}` : `frames ${a}–${b}`
  }
  if (spec.stage === 'pacm-source') return `source timestep ${spec.index[0]}`
  return 'the source'
}

function base64(data: Uint8Array | Float32Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')
}
