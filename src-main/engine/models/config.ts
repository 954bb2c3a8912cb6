// Typed model configurations. `sd15` holds the real SD 1.5 / ControlNet v1.1 values (sd15-facts §1.1,
// §3.1, §4.1, §5.1, §6.1); the parsers read diffusers/transformers config.json files (the golden tiny
// models, a user's diffusers folder) so nothing downstream is tied to one size.
import { z } from 'zod'
import { WeightsError } from './weights/errors'

export type DownBlockType = 'CrossAttnDownBlock2D' | 'DownBlock2D'
export type UpBlockType = 'UpBlock2D' | 'CrossAttnUpBlock2D'

/** The encoder half shared by the UNet and the ControlNet. */
export interface UNetEncoderConfig {
  inChannels: number
  blockOutChannels: number[]
  layersPerBlock: number
  downBlockTypes: DownBlockType[]
  crossAttentionDim: number
  /** Heads per down block. diffusers' `attention_head_dim: 8` is really the head count (sd15-facts §1.1). */
  attentionHeads: number[]
  transformerLayersPerBlock: number
  normNumGroups: number
  normEps: number
  /** false: proj_in/proj_out are 1×1 convs (SD 1.x); true: Linear (SD 2.x). */
  useLinearProjection: boolean
  flipSinToCos: boolean
  freqShift: number
  /** 4 × blockOutChannels[0]. */
  timeEmbedDim: number
}

export interface UNetConfig extends UNetEncoderConfig {
  outChannels: number
  sampleSize: number
  upBlockTypes: UpBlockType[]
}

export interface ControlNetConfig extends UNetEncoderConfig {
  /** Channels of the control image (3: RGB pose drawing in [0, 1]). */
  conditioningChannels: number
  conditioningEmbeddingOutChannels: number[]
}

export interface VaeConfig {
  inChannels: number
  outChannels: number
  latentChannels: number
  blockOutChannels: number[]
  layersPerBlock: number
  normNumGroups: number
  /** diffusers hard-codes 1e-6 for every VAE norm. */
  normEps: number
  scalingFactor: number
  sampleSize: number
}

export interface ClipTextConfig {
  vocabSize: number
  hiddenSize: number
  intermediateSize: number
  numHiddenLayers: number
  numAttentionHeads: number
  maxPositionEmbeddings: number
  layerNormEps: number
  hiddenAct: 'quick_gelu' | 'gelu'
}

export interface SchedulerConfig {
  numTrainTimesteps: number
  betaStart: number
  betaEnd: number
  /** Whether the step past t=0 uses ᾱ = 1 (true) or ᾱ[0] (false; SD 1.5). */
  setAlphaToOne: boolean
  stepsOffset: number
}

export interface ModelConfigs {
  unet: UNetConfig
  controlnet: ControlNetConfig
  vae: VaeConfig
  textEncoder: ClipTextConfig
  scheduler: SchedulerConfig
}

const sd15Encoder: UNetEncoderConfig = {
  inChannels: 4,
  blockOutChannels: [320, 640, 1280, 1280],
  layersPerBlock: 2,
  downBlockTypes: ['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D'],
  crossAttentionDim: 768,
  attentionHeads: [8, 8, 8, 8],
  transformerLayersPerBlock: 1,
  normNumGroups: 32,
  normEps: 1e-5,
  useLinearProjection: false,
  flipSinToCos: true,
  freqShift: 0,
  timeEmbedDim: 1280,
}

const sd15Unet: UNetConfig = {
  ...sd15Encoder,
  outChannels: 4,
  sampleSize: 64,
  upBlockTypes: ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'],
}

const sd15Configs: ModelConfigs = {
  unet: sd15Unet,
  controlnet: { ...sd15Encoder, conditioningChannels: 3, conditioningEmbeddingOutChannels: [16, 32, 96, 256] },
  vae: {
    inChannels: 3,
    outChannels: 3,
    latentChannels: 4,
    blockOutChannels: [128, 256, 512, 512],
    layersPerBlock: 2,
    normNumGroups: 32,
    normEps: 1e-6,
    scalingFactor: 0.18215,
    sampleSize: 512,
  },
  textEncoder: {
    vocabSize: 49408,
    hiddenSize: 768,
    intermediateSize: 3072,
    numHiddenLayers: 12,
    numAttentionHeads: 12,
    maxPositionEmbeddings: 77,
    layerNormEps: 1e-5,
    hiddenAct: 'quick_gelu',
  },
  scheduler: { numTrainTimesteps: 1000, betaStart: 0.00085, betaEnd: 0.012, setAlphaToOne: false, stepsOffset: 1 },
}
export const sd15: Readonly<ModelConfigs> = Object.freeze(sd15Configs)

// ---- parsers: diffusers/transformers config.json → typed config. Defaults are the class defaults. ----

const ints = z.array(z.number().int().positive())
const encoderFields = {
  in_channels: z.number().int().default(4),
  block_out_channels: ints.default([320, 640, 1280, 1280]),
  layers_per_block: z.number().int().default(2),
  down_block_types: z
    .array(z.enum(['CrossAttnDownBlock2D', 'DownBlock2D']))
    .default(['CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'CrossAttnDownBlock2D', 'DownBlock2D']),
  cross_attention_dim: z.number().int().default(1280),
  attention_head_dim: z.union([z.number().int(), ints]).default(8),
  num_attention_heads: z.union([z.number().int(), ints]).nullish(),
  transformer_layers_per_block: z.number().int().default(1),
  norm_num_groups: z.number().int().default(32),
  norm_eps: z.number().default(1e-5),
  use_linear_projection: z.boolean().default(false),
  flip_sin_to_cos: z.boolean().default(true),
  freq_shift: z.number().default(0),
  // Features SD 1.5 does not use: accepted only at their neutral value.
  class_embed_type: z.null().optional(),
  addition_embed_type: z.null().optional(),
  encoder_hid_dim_type: z.null().optional(),
  resnet_time_scale_shift: z.literal('default').optional(),
  only_cross_attention: z.literal(false).optional(),
  dual_cross_attention: z.literal(false).optional(),
}

const unetSchema = z.object({
  ...encoderFields,
  out_channels: z.number().int().default(4),
  sample_size: z.number().int().default(64),
  up_block_types: z
    .array(z.enum(['UpBlock2D', 'CrossAttnUpBlock2D']))
    .default(['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D']),
  time_embedding_type: z.literal('positional').optional(),
  attention_type: z.literal('default').optional(),
})

const controlnetSchema = z.object({
  ...encoderFields,
  conditioning_channels: z.number().int().default(3),
  conditioning_embedding_out_channels: ints.default([16, 32, 96, 256]),
  controlnet_conditioning_channel_order: z.literal('rgb').optional(),
  global_pool_conditions: z.literal(false).optional(),
})

const vaeSchema = z.object({
  in_channels: z.number().int().default(3),
  out_channels: z.number().int().default(3),
  latent_channels: z.number().int().default(4),
  block_out_channels: ints.default([64]),
  layers_per_block: z.number().int().default(1),
  norm_num_groups: z.number().int().default(32),
  scaling_factor: z.number().default(0.18215),
  sample_size: z.number().int().default(32),
  act_fn: z.literal('silu').optional(),
})

const clipSchema = z.object({
  vocab_size: z.number().int().default(49408),
  hidden_size: z.number().int().default(512),
  intermediate_size: z.number().int().default(2048),
  num_hidden_layers: z.number().int().default(12),
  num_attention_heads: z.number().int().default(8),
  max_position_embeddings: z.number().int().default(77),
  layer_norm_eps: z.number().default(1e-5),
  hidden_act: z.enum(['quick_gelu', 'gelu']).default('quick_gelu'),
})

const schedulerSchema = z.object({
  num_train_timesteps: z.number().int().default(1000),
  beta_start: z.number().default(0.0001),
  beta_end: z.number().default(0.02),
  beta_schedule: z.literal('scaled_linear'),
  set_alpha_to_one: z.boolean().default(true),
  steps_offset: z.number().int().default(0),
  prediction_type: z.literal('epsilon').optional(),
  timestep_spacing: z.literal('leading').optional(),
  clip_sample: z.literal(false).optional(),
})

function parseWith<S extends z.ZodType>(schema: S, json: unknown, label: string): z.infer<S> {
  const result = schema.safeParse(json)
  if (result.success) return result.data
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
  throw new WeightsError('unsupported-config', `${label} is not a supported SD 1.5-style config: ${issues}`)
}

function encoderFrom(c: z.infer<z.ZodObject<typeof encoderFields>>, label: string): UNetEncoderConfig {
  const blocks = c.block_out_channels.length
  const heads = c.num_attention_heads ?? c.attention_head_dim
  const attentionHeads = Array.isArray(heads) ? heads : new Array<number>(blocks).fill(heads)
  if (c.down_block_types.length !== blocks || attentionHeads.length !== blocks) {
    throw new WeightsError('bad-config', `${label}: block lists disagree with block_out_channels (${blocks} blocks).`)
  }
  return {
    inChannels: c.in_channels,
    blockOutChannels: c.block_out_channels,
    layersPerBlock: c.layers_per_block,
    downBlockTypes: c.down_block_types,
    crossAttentionDim: c.cross_attention_dim,
    attentionHeads,
    transformerLayersPerBlock: c.transformer_layers_per_block,
    normNumGroups: c.norm_num_groups,
    normEps: c.norm_eps,
    useLinearProjection: c.use_linear_projection,
    flipSinToCos: c.flip_sin_to_cos,
    freqShift: c.freq_shift,
    timeEmbedDim: 4 * c.block_out_channels[0],
  }
}

export function parseUNetConfig(json: unknown, label = 'unet/config.json'): UNetConfig {
  const c = parseWith(unetSchema, json, label)
  if (c.up_block_types.length !== c.block_out_channels.length) {
    throw new WeightsError('bad-config', `${label}: up_block_types and block_out_channels differ in length.`)
  }
  return {
    ...encoderFrom(c, label),
    outChannels: c.out_channels,
    sampleSize: c.sample_size,
    upBlockTypes: c.up_block_types,
  }
}

export function parseControlNetConfig(json: unknown, label = 'controlnet/config.json'): ControlNetConfig {
  const c = parseWith(controlnetSchema, json, label)
  return {
    ...encoderFrom(c, label),
    conditioningChannels: c.conditioning_channels,
    conditioningEmbeddingOutChannels: c.conditioning_embedding_out_channels,
  }
}

export function parseVaeConfig(json: unknown, label = 'vae/config.json'): VaeConfig {
  const c = parseWith(vaeSchema, json, label)
  return {
    inChannels: c.in_channels,
    outChannels: c.out_channels,
    latentChannels: c.latent_channels,
    blockOutChannels: c.block_out_channels,
    layersPerBlock: c.layers_per_block,
    normNumGroups: c.norm_num_groups,
    normEps: 1e-6,
    scalingFactor: c.scaling_factor,
    sampleSize: c.sample_size,
  }
}

export function parseClipTextConfig(json: unknown, label = 'text_encoder/config.json'): ClipTextConfig {
  const c = parseWith(clipSchema, json, label)
  return {
    vocabSize: c.vocab_size,
    hiddenSize: c.hidden_size,
    intermediateSize: c.intermediate_size,
    numHiddenLayers: c.num_hidden_layers,
    numAttentionHeads: c.num_attention_heads,
    maxPositionEmbeddings: c.max_position_embeddings,
    layerNormEps: c.layer_norm_eps,
    hiddenAct: c.hidden_act,
  }
}

export function parseSchedulerConfig(json: unknown, label = 'scheduler/scheduler_config.json'): SchedulerConfig {
  const c = parseWith(schedulerSchema, json, label)
  return {
    numTrainTimesteps: c.num_train_timesteps,
    betaStart: c.beta_start,
    betaEnd: c.beta_end,
    setAlphaToOne: c.set_alpha_to_one,
    stepsOffset: c.steps_offset,
  }
}

/** Each component's config.json as diffusers/transformers write it (scheduler = scheduler_config.json). */
export interface ModelConfigJson {
  unet: unknown
  controlnet: unknown
  vae: unknown
  text_encoder: unknown
  scheduler: unknown
}

/** Parses every component's config; `label` names each file in error messages. */
export function parseModelConfigs(
  json: ModelConfigJson,
  label: (component: keyof ModelConfigJson) => string,
): ModelConfigs {
  return {
    unet: parseUNetConfig(json.unet, label('unet')),
    controlnet: parseControlNetConfig(json.controlnet, label('controlnet')),
    vae: parseVaeConfig(json.vae, label('vae')),
    textEncoder: parseClipTextConfig(json.text_encoder, label('text_encoder')),
    scheduler: parseSchedulerConfig(json.scheduler, label('scheduler')),
  }
}
