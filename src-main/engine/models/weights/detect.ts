// Architecture detection from key names and shapes alone (no tensor data is read). It answers "what
// kind of file is this?" and refuses, with a message that says what the file is and what to choose
// instead, everything PoseAnimate cannot run: SD 2.x, SDXL, inpainting UNets, LoRAs, T2I adapters,
// control-LoRAs and ControlNets built for other base models.
import { WeightsError, listSome } from './errors'
import { LDM_CONTROLNET_PREFIX } from './names/controlnet'
import { LDM_UNET_PREFIX } from './names/unet'

export type ShapeMap = ReadonlyMap<string, readonly number[]>

export type FileKind = 'sd-single-file' | 'controlnet' | 'diffusers-unet' | 'diffusers-vae' | 'text-encoder'

/** What the UNet-like part of a file looks like; compared against the expected config by `detectUnet`. */
export interface UnetShape {
  inChannels: number
  baseChannels: number
  contextDim: number
  linearProjection: boolean
}

const SD15_HINT =
  'Choose a Stable Diffusion 1.5 checkpoint (e.g. v1-5-pruned-emaonly.safetensors or a fine-tune of it).'
const CONTROLNET_HINT = 'Choose an SD 1.5 OpenPose ControlNet, e.g. control_v11p_sd15_openpose.safetensors.'

/** Classifies a single safetensors file by its keys; throws for things that are not models we can use. */
export function detectFileKind(shapes: ShapeMap, label: string): FileKind {
  const keys = [...shapes.keys()]
  const has = (pred: (k: string) => boolean) => keys.some(pred)
  if (has((k) => k.includes('lora_controlnet'))) throw incompatibleControlNet(label, 'a control-LoRA')
  if (has((k) => /(^|[._])lora[._]|lora_(up|down|A|B)\b/.test(k))) {
    throw new WeightsError('lora', `${label} is a LoRA (small add-on weights), not a full model. ${SD15_HINT}`)
  }
  if (has((k) => k.startsWith('adapter.') || /^body\.\d+\./.test(k))) {
    throw incompatibleControlNet(label, 'a T2I-Adapter, not a ControlNet')
  }
  if (has(isControlNetKey)) return 'controlnet'
  if (has((k) => k.startsWith('conditioner.embedders.'))) throw sdxl(label)
  if (has((k) => k.startsWith(LDM_UNET_PREFIX))) return 'sd-single-file'
  if (has((k) => k.startsWith('down_blocks.') && k.includes('.attentions.'))) return 'diffusers-unet'
  if (has((k) => k.startsWith('encoder.down_blocks.') || k.startsWith('decoder.up_blocks.'))) return 'diffusers-vae'
  if (has((k) => k.startsWith('text_model.') || k.startsWith('encoder.layers.'))) return 'text-encoder'
  throw notADiffusionModel(label, keys)
}

export function isControlNetKey(key: string): boolean {
  return (
    key.startsWith(LDM_CONTROLNET_PREFIX) ||
    key.startsWith('input_hint_block.') ||
    key.startsWith('controlnet_cond_embedding.') ||
    key.startsWith('zero_convs.')
  )
}

function notADiffusionModel(label: string, keys: string[]): WeightsError {
  const vaeOnly = keys.some((k) => /^(first_stage_model\.)?(en|de)coder\./.test(k))
  const what = vaeOnly ? 'a standalone VAE' : keys.length === 0 ? 'an empty file' : `keys like ${listSome(keys, 4)}`
  return new WeightsError(
    'not-a-diffusion-model',
    `${label} is not a Stable Diffusion model: it holds ${what} and no UNet. ${SD15_HINT}`,
  )
}

const sdxl = (label: string) =>
  new WeightsError(
    'sdxl',
    `${label} is an SDXL model. PoseAnimate runs on Stable Diffusion 1.5, whose ControlNet OpenPose it uses. ${SD15_HINT}`,
  )

const incompatibleControlNet = (label: string, what: string) =>
  new WeightsError('incompatible-controlnet', `${label} is ${what}. ${CONTROLNET_HINT}`)

/** Reads the UNet's telltale shapes; `prefix` is "model.diffusion_model.", "control_model." or "". */
export function unetShape(shapes: ShapeMap, prefix: string, layout: 'ldm' | 'diffusers', label: string): UnetShape {
  const convIn = shapes.get(`${prefix}${layout === 'ldm' ? 'input_blocks.0.0' : 'conv_in'}.weight`)
  const toK = [...shapes].find(([k]) => k.startsWith(prefix) && k.endsWith('attn2.to_k.weight'))
  const projIn = [...shapes].find(([k]) => k.startsWith(prefix) && k.endsWith('.proj_in.weight'))
  if (!convIn || convIn.length !== 4 || !toK || toK[1].length !== 2 || !projIn) {
    throw new WeightsError(
      'not-a-diffusion-model',
      `${label} has no recognisable SD UNet (conv_in / cross-attention missing).`,
    )
  }
  return {
    inChannels: convIn[1],
    baseChannels: convIn[0],
    contextDim: toK[1][1],
    linearProjection: projIn[1].length === 2,
  }
}

/** Expected UNet dimensions (from `sd15` or a parsed config). */
export interface ExpectedUnet {
  inChannels: number
  baseChannels: number
  contextDim: number
}

/** Throws a specific error when the UNet is SD 2.x, SDXL, an inpainting model or has other widths. */
export function checkUnet(found: UnetShape, shapes: ShapeMap, expected: ExpectedUnet, label: string): void {
  const keys = [...shapes.keys()]
  if (keys.some((k) => k.includes('label_emb.') || k.startsWith('add_embedding.')) || found.contextDim === 2048) {
    throw sdxl(label)
  }
  const openClip = keys.some((k) => k.startsWith('cond_stage_model.model.'))
  if (found.contextDim === 1024 || openClip || (found.linearProjection && found.contextDim !== expected.contextDim)) {
    throw new WeightsError(
      'sd2',
      `${label} is a Stable Diffusion 2.x model (OpenCLIP text encoder, 1024-wide text context). ` +
        `SD 1.5 ControlNets do not work with it. ${SD15_HINT}`,
    )
  }
  if (found.inChannels !== expected.inChannels) {
    const kind =
      found.inChannels === 9 ? 'an inpainting model (9 input channels)' : `a ${found.inChannels}-channel UNet`
    throw new WeightsError(
      'inpainting',
      `${label} is ${kind}; PoseAnimate needs a regular text-to-image UNet. ${SD15_HINT}`,
    )
  }
  if (
    found.contextDim !== expected.contextDim ||
    found.baseChannels !== expected.baseChannels ||
    found.linearProjection
  ) {
    throw new WeightsError(
      'wrong-shapes',
      `${label} has an unexpected UNet layout (width ${found.baseChannels}, text context ${found.contextDim}; ` +
        `expected ${expected.baseChannels} and ${expected.contextDim}). ${SD15_HINT}`,
    )
  }
}

export interface ControlNetShape extends UnetShape {
  layout: 'ldm' | 'diffusers'
  /** "control_model." or "" for the original layout; "" for diffusers. */
  prefix: string
  hintChannels: number
}

/** Reads a ControlNet's layout and dimensions; refuses ControlNets for other base models. */
export function detectControlNet(shapes: ShapeMap, expected: ExpectedUnet & { hintChannels: number }, label: string) {
  const keys = [...shapes.keys()]
  const diffusers = keys.some((k) => k.startsWith('controlnet_cond_embedding.'))
  const prefix = diffusers ? '' : keys.some((k) => k.startsWith(LDM_CONTROLNET_PREFIX)) ? LDM_CONTROLNET_PREFIX : ''
  if (keys.some((k) => k.includes('label_emb.') || k.startsWith('add_embedding.'))) {
    throw incompatibleControlNet(label, 'an SDXL ControlNet')
  }
  const hint = shapes.get(diffusers ? 'controlnet_cond_embedding.conv_in.weight' : `${prefix}input_hint_block.0.weight`)
  const unet = unetShapeOrRefuse(shapes, prefix, diffusers ? 'diffusers' : 'ldm', label)
  const found: ControlNetShape = {
    ...unet,
    layout: diffusers ? 'diffusers' : 'ldm',
    prefix,
    hintChannels: hint?.[1] ?? 0,
  }
  if (found.contextDim === 1024 || found.linearProjection)
    throw incompatibleControlNet(label, 'a ControlNet for SD 2.x')
  if (found.contextDim === 2048) throw incompatibleControlNet(label, 'an SDXL ControlNet')
  const sameSize = found.contextDim === expected.contextDim && found.baseChannels === expected.baseChannels
  if (!sameSize || found.inChannels !== expected.inChannels || found.hintChannels !== expected.hintChannels) {
    const dims = `width ${found.baseChannels}, text context ${found.contextDim}, ${found.hintChannels}-channel hint`
    throw incompatibleControlNet(label, `a ControlNet that does not fit SD 1.5 (${dims})`)
  }
  return found
}

function unetShapeOrRefuse(shapes: ShapeMap, prefix: string, layout: 'ldm' | 'diffusers', label: string) {
  try {
    return unetShape(shapes, prefix, layout, label)
  } catch {
    throw incompatibleControlNet(label, 'not a complete ControlNet (its encoder copy is missing)')
  }
}

/** Keys a single-file checkpoint may carry that no component uses (schedule buffers, EMA copies). */
export function isIgnorableSingleFileKey(key: string): boolean {
  // Top-level names without dots are LDM buffers: betas, alphas_cumprod, …, logvar.
  return key.startsWith('model_ema.') || key.endsWith('embeddings.position_ids') || !key.includes('.')
}

/** Filenames that name another control type; a warning, since the weights themselves cannot tell. */
export function controlTypeWarning(fileName: string): string | undefined {
  const other = /(canny|depth|normal|mlsd|scribble|softedge|hed|lineart|seg|shuffle|inpaint|ip2p|tile|qrcode)/i
  const match = other.exec(fileName)
  if (!match || /openpose|pose/i.test(fileName)) return undefined
  return `${fileName} looks like a ${match[1]} ControlNet; PoseAnimate feeds it OpenPose drawings, so results will be poor.`
}
