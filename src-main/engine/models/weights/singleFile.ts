// Splits one safetensors file into components with canonical names: an SD single-file LDM checkpoint
// (unet + vae + text_encoder), a ControlNet in either layout, or one diffusers component file.
import type { ModelConfigs } from '../config'
import { ComponentWeights, addMapped, type Component, type Rename } from './component'
import {
  checkUnet,
  detectControlNet,
  detectFileKind,
  isIgnorableSingleFileKey,
  unetShape,
  type FileKind,
  type ShapeMap,
} from './detect'
import { LDM_CLIP_PREFIX, canonicalClipKey, clipKeyMap, isClipPositionIds } from './names/clip'
import { controlNetKeyMap } from './names/controlnet'
import { LDM_UNET_PREFIX, unetKeyMap } from './names/unet'
import { LDM_VAE_PREFIXES, modernVaeKey, vaeKeyMap } from './names/vae'
import type { SafetensorsFile } from './safetensors'

export interface SplitFile {
  kind: FileKind
  components: Map<Component, ComponentWeights>
  /** Keys that belong to no component: EMA copies, schedule buffers, anything unknown. */
  unused: string[]
}

export function shapesOf(file: SafetensorsFile): ShapeMap {
  return new Map([...file.tensors].map(([k, t]) => [k, t.shape]))
}

export function splitFile(file: SafetensorsFile, configs: ModelConfigs): SplitFile {
  const shapes = shapesOf(file)
  const kind = detectFileKind(shapes, file.path)
  switch (kind) {
    case 'sd-single-file':
      return splitSingleFile(file, shapes, configs)
    case 'controlnet':
      return splitControlNet(file, shapes, configs)
    case 'diffusers-unet':
      checkUnet(unetShape(shapes, '', 'diffusers', file.path), shapes, expectedUnet(configs), file.path)
      return { kind, components: new Map([['unet', diffusersComponent(file, 'unet')]]), unused: [] }
    case 'diffusers-vae':
      return { kind, components: new Map([['vae', diffusersComponent(file, 'vae')]]), unused: [] }
    case 'text-encoder':
      return { kind, components: new Map([['text_encoder', diffusersComponent(file, 'text_encoder')]]), unused: [] }
  }
}

export function expectedUnet(configs: ModelConfigs) {
  const { inChannels, blockOutChannels, crossAttentionDim } = configs.unet
  return { inChannels, baseChannels: blockOutChannels[0], contextDim: crossAttentionDim }
}

function splitSingleFile(file: SafetensorsFile, shapes: ShapeMap, configs: ModelConfigs): SplitFile {
  checkUnet(unetShape(shapes, LDM_UNET_PREFIX, 'ldm', file.path), shapes, expectedUnet(configs), file.path)
  const vaePrefix = LDM_VAE_PREFIXES.find((p) => file.keys().some((k) => k.startsWith(p))) ?? LDM_VAE_PREFIXES[0]
  const [unet, vae, clip] = [unetKeyMap(configs.unet), vaeKeyMap(configs.vae, vaePrefix), clipKeyMap()]
  const buckets: Array<[Component, string, Rename]> = [
    ['unet', LDM_UNET_PREFIX, (k) => unet.toDiffusers(k)],
    ['vae', vaePrefix, (k) => vae.toDiffusers(k)],
    ['text_encoder', LDM_CLIP_PREFIX, (k) => clip.toDiffusers(k) ?? legacyClip(k)],
  ]
  const components = new Map<Component, ComponentWeights>()
  const unused: string[] = []
  const keys: string[] = []
  for (const k of file.keys()) (isIgnorableSingleFileKey(k) ? unused : keys).push(k)
  for (const [component, prefix, rename] of buckets) {
    const weights = new ComponentWeights(component)
    addMapped(weights, file, takePrefixed(keys, prefix), rename)
    if (weights.size > 0) components.set(component, weights)
  }
  unused.push(...keys) // whatever no bucket took
  return { kind: 'sd-single-file', components, unused }
}

/** Very old single files store CLIP without the `text_model.` level. */
function legacyClip(key: string) {
  return key.startsWith(LDM_CLIP_PREFIX)
    ? { key: canonicalClipKey(key.slice(LDM_CLIP_PREFIX.length)), conv1x1: false }
    : undefined
}

/** Removes and returns the keys starting with `prefix`. */
function takePrefixed(keys: string[], prefix: string): string[] {
  const taken = keys.filter((k) => k.startsWith(prefix))
  const rest = keys.filter((k) => !k.startsWith(prefix))
  keys.splice(0, keys.length, ...rest)
  return taken
}

function splitControlNet(file: SafetensorsFile, shapes: ShapeMap, configs: ModelConfigs): SplitFile {
  const expected = { ...expectedUnet(configs), hintChannels: configs.controlnet.conditioningChannels }
  const found = detectControlNet(shapes, expected, file.path)
  const weights = new ComponentWeights('controlnet')
  const keys = file.keys()
  const own = keys.filter((k) => k.startsWith(found.prefix))
  if (found.layout === 'diffusers') {
    addMapped(weights, file, own, (k) => ({ key: k, conv1x1: false }))
  } else {
    const map = controlNetKeyMap(configs.controlnet, found.prefix)
    addMapped(weights, file, own, (k) => map.toDiffusers(k))
  }
  const unused = keys.filter((k) => !k.startsWith(found.prefix))
  return { kind: 'controlnet', components: new Map([['controlnet', weights]]), unused }
}

/** A diffusers/transformers component file: keys are already canonical, up to legacy spellings. */
export function diffusersComponent(file: SafetensorsFile, component: Component, into?: ComponentWeights) {
  const weights = into ?? new ComponentWeights(component)
  const canonical = component === 'vae' ? modernVaeKey : component === 'text_encoder' ? canonicalClipKey : same
  const keys: string[] = []
  for (const k of file.keys()) (component === 'text_encoder' && isClipPositionIds(k) ? weights.ignored : keys).push(k)
  addMapped(weights, file, keys, (k) => ({ key: canonical(k), conv1x1: false }))
  return weights
}

const same = (k: string) => k
