// The narrow model interface the pipeline runs on. Stages only see plain Float32Arrays in NCHW order
// and these few calls; backend.ts implements them over the compiled ONNX variants, and tests can wrap
// or count them. Every batch holds B elements that share one timestep.
import type { RgbImage } from '../image/rgbImage'
import type { GraphFootprint } from './resourceEstimate'

/** Sizes of everything the backend takes, fixed when it is created (one compiled graph set per size). */
export interface BackendGeometry {
  /** Image size in pixels (multiples of 64). */
  width: number
  height: number
  /** Latent [channels, height, width] = image / 8. */
  latent: readonly [number, number, number]
  /** Text tokens per prompt (77) and embedding width (768 for SD 1.5). */
  tokens: number
  embedDim: number
  /** Grid of the attention maps: 1/4 of the latent (16×16 for a 64×64 latent). */
  mapHeight: number
  mapWidth: number
  /**
   * Self-attention layers that run DCA (every transformer layer of the up blocks: 9 in SD 1.5). A frame's
   * up-block state depends on frames up to this many before it (see docs/decisions/0121).
   */
  dcaLayers: number
}

export interface EpsBatch {
  /** Elements in the batch. */
  batch: number
  /** [B, C, h, w] noisy latents. */
  latents: Float32Array
  /** DDIM timestep of every element. */
  timestep: number
  /** [B, tokens, dim] text embeddings (the prompt's, an optimised φ, or the empty prompt's). */
  embeddings: Float32Array
  /** [B, 3, H, W] OpenPose drawings, RGB in [0, 1]. */
  poseImages: Float32Array
  /** ControlNet conditioning scale. */
  controlScale: number
}

/**
 * Upstream gradient dL/dε of a loss that is quadratic in ε (the DDIM-step MSE):
 * dL/dε_b = scale[b] · ε_b + offset_b, so one pass gives ε and dL/dφ together.
 */
export interface AffineUpstream {
  /** [B] */
  scale: Float32Array
  /** [B, C, h, w] */
  offset: Float32Array
}

export interface GradResult {
  /** [B, C, h, w] */
  eps: Float32Array
  /** [B, tokens, dim] dL/dφ through ControlNet and UNet. */
  dEmbeddings: Float32Array
  /** [B, mapHeight · mapWidth, tokens]: cross-attention probabilities, mean over heads and 1/4-grid layers. */
  attentionMaps: Float32Array
}

/** Dual-consistency attention inputs (DCAM + MGDM) for the up-block self-attention. */
export interface DcaInputs {
  /** [B] batch index of each element's frame 0 (itself for frame 0). */
  frame0Index: readonly number[]
  /** [B] batch index of each element's previous frame (itself for frame 0). */
  prevIndex: readonly number[]
  /** λ for (frame 0, previous frame, own frame). */
  lambdas: readonly [number, number, number]
  /** [B, 1, h, w] character mask (0/1) of each element's frame at latent resolution. */
  masks: Float32Array
  /** [B] 1 = mask-guided (MGDM) attention for this query element, 0 = plain DCA. */
  mgdm: readonly number[]
}

/** UNet(+ControlNet) evaluations so far, in batch elements (one element = one UNet pass). */
export interface PassCounts {
  eps: number
  grad: number
  dca: number
}

/** Which execution provider ran each model opened so far, and every fallback between providers. */
export interface ProviderReport {
  /** e.g. { text_encoder: 'webgpu', 'vae/decode@512x512': 'webgpu', unetControlGrad: 'cpu' } */
  models: Record<string, string>
  /** Messages naming the provider and the failing node, e.g. "webgpu cannot run … (node /unet/…): …". */
  fallbacks: string[]
}

/** The graphs a backend runs, by what they do (the UNet ones carry the ControlNet). */
export type GraphUse =
  'text_encoder' | 'vae/encode' | 'vae/decode' | 'unetControl' | 'unetControlGrad' | 'unetControlDca'

/** What the preflight needs to know about the graphs a render will use (resourceEstimate.ts). */
export interface BackendFootprint {
  graphs: GraphFootprint[]
  /** Attention heads of the UNet's highest-resolution blocks. */
  heads: number
  /** Where graphs compile to. */
  compiledDir: string
}

export interface DiffusionBackend {
  readonly geometry: BackendGeometry
  /** Identifies the weights and graph builder: part of every cache key. */
  readonly modelHash: string
  /** Running totals; callers take differences around a stage. */
  readonly passes: PassCounts
  /** Non-fatal findings about the model files for the user (e.g. a ControlNet whose name says canny). */
  readonly warnings?: readonly string[]
  /** For the render summary; backends without execution providers (test doubles) leave it out. */
  providerReport?(): Promise<ProviderReport>
  /** For the preflight; backends that hold nothing heavy (test doubles) leave it out. */
  footprint?(graphs: readonly GraphUse[]): Promise<BackendFootprint>
  /** [tokens, dim] per prompt. */
  encodePrompts(prompts: readonly string[]): Promise<Float32Array[]>
  /** Token positions (in the 77-id sequence) of the given words, or of every prompt token when none. */
  characterTokens(prompt: string, words?: readonly string[]): number[]
  /** Image of geometry size → scaled latent [C, h, w] (posterior mean × scaling factor). */
  encodeImage(image: RgbImage): Promise<Float32Array>
  /** Scaled latent [C, h, w] → RGB image of geometry size. */
  decodeLatent(latent: Float32Array): Promise<RgbImage>
  /** Noise prediction ε [B, C, h, w] with plain attention. */
  eps(batch: EpsBatch): Promise<Float32Array>
  /** ε, dL/dφ for the affine upstream gradient, and the token cross-attention maps. */
  epsWithGrad(batch: EpsBatch, upstream: AffineUpstream): Promise<GradResult>
  /** ε with dual-consistency (and mask-guided) attention in the up blocks; the batch is one attention group. */
  epsDca(batch: EpsBatch, dca: DcaInputs): Promise<Float32Array>
}

/** Numbers of values of one latent, embedding, pose image and attention map. */
export function sizes(g: BackendGeometry) {
  return {
    latent: g.latent[0] * g.latent[1] * g.latent[2],
    embedding: g.tokens * g.embedDim,
    poseImage: 3 * g.width * g.height,
    mask: g.latent[1] * g.latent[2],
    map: g.mapHeight * g.mapWidth * g.tokens,
  }
}
