// DiffusionBackend over the compiled ONNX graphs: CLIP (TextEncoder), the VAE (VaeCodec) and the three
// UNet+ControlNet variants, each compiled once into the on-disk model cache and opened once per process.
// Opening reads headers and configs only (geometry, model hash, tokenizer): every graph compiles and every
// session opens on its first use, so computing cache keys or listing frame states runs no network.
// Plain and gradient batches larger than maxBatch run in slices; a DCA batch is one attention group and
// always runs whole (stage 4 bounds it with its chunk size).
import type { Precision } from '../graph/precision'
import type { RgbImage } from '../image/rgbImage'
import type { ModelConfigs } from '../models/config'
import { ClipTokenizer, MAX_LENGTH } from '../models/tokenizer'
import type { VariantKind } from '../models/sd15/variants'
import { openCheckpoint, type CheckpointSource } from '../models/weights/source'
import { compileGraph, compiledKey, type GraphSpec } from '../runners/compile'
import { textEncoderGraph, vaeGraph, variantGraph } from '../runners/graphs'
import { modelHashOf } from '../runners/modelHash'
import { TextEncoder } from '../runners/textEncoder'
import { VaeCodec } from '../runners/vaeCodec'
import { ModelCache, type Provider, type Runtime, type Session, tensor, toFloat32 } from '../runtime'
import type {
  AffineUpstream,
  BackendFootprint,
  BackendGeometry,
  DcaInputs,
  DiffusionBackend,
  EpsBatch,
  GradResult,
  GraphUse,
  PassCounts,
  ProviderReport as GenericProviderReport,
} from './models'
import { BackendError, geometryOf } from './geometry'
import { sizes } from './models'

/** Where the networks come from: a checkpoint (UNet, VAE, CLIP) and a ControlNet OpenPose file. */
export interface ModelFiles {
  /** SD 1.5 single file or diffusers folder (may hold the ControlNet too, as the golden folder does). */
  checkpoint: string
  /** ControlNet OpenPose file or folder; omitted when the checkpoint folder has one. */
  controlnet?: string
  /** Expected configs when the files carry none (tests: the golden tiny configs). */
  configs?: Partial<ModelConfigs>
}

export interface BackendOptions {
  runtime: Runtime
  /** Folder of compiled graphs (the app's data dir). */
  compiledDir: string
  /** Render size in pixels; defaults to the VAE's sample size (512 for SD 1.5). */
  width?: number
  height?: number
  /** Largest batch per UNet run for plain and gradient passes (default 8). */
  maxBatch?: number
  /** UNet precision for plain and DCA passes (default fp16 on CUDA, fp32 on CPU); gradients stay fp32. */
  precision?: Precision
}

/** Which execution provider runs each model opened so far, and every fallback between providers. */
export interface ProviderReport extends GenericProviderReport {
  models: Record<string, Provider>
}

export { BackendError }

export class OnnxDiffusionBackend implements DiffusionBackend {
  readonly passes: PassCounts = { eps: 0, grad: 0, dca: 0 }
  /** The checkpoint's and the ControlNet's warnings (a file opened twice reports once). */
  readonly warnings: readonly string[]
  private readonly sessions = new Map<VariantKind, Promise<Session>>()

  private constructor(
    readonly geometry: BackendGeometry,
    readonly modelHash: string,
    private readonly main: CheckpointSource,
    private readonly control: CheckpointSource,
    private readonly text: TextEncoder,
    private readonly vae: VaeCodec,
    private readonly tokenizer: ClipTokenizer,
    private readonly o: Required<BackendOptions>,
  ) {
    this.warnings = [...new Set([...main.warnings, ...control.warnings])]
  }

  static async open(files: ModelFiles, options: BackendOptions): Promise<OnnxDiffusionBackend> {
    const main = openCheckpoint(files.checkpoint, { configs: files.configs })
    const control = files.controlnet ? openCheckpoint(files.controlnet, { configs: files.configs }) : main
    try {
      if (!control.components.includes('controlnet')) {
        throw new BackendError(`${files.checkpoint} has no ControlNet: pass the ControlNet OpenPose file as well.`)
      }
      const configs = { ...main.configs, controlnet: control.configs.controlnet }
      const o: Required<BackendOptions> = {
        ...options,
        width: options.width ?? configs.vae.sampleSize,
        height: options.height ?? configs.vae.sampleSize,
        maxBatch: options.maxBatch ?? 8,
        precision: options.precision ?? (options.runtime.provider === 'cuda' ? 'fp16' : 'fp32'),
      }
      const geometry = geometryOf(configs, o.width, o.height)
      const rt = { runtime: options.runtime, cache: new ModelCache(options.compiledDir) }
      const tokenizer = ClipTokenizer.load()
      const text = TextEncoder.create(main, { ...rt, tokenizer })
      const vae = VaeCodec.open(main, rt)
      const hash = await modelHashOf({ unet: main, controlnet: control }, geometry)
      return new OnnxDiffusionBackend(geometry, hash, main, control, text, vae, tokenizer, o)
    } catch (err) {
      if (control !== main) control.close()
      main.close()
      throw err
    }
  }

  /** For the render summary: the provider of every session opened so far (a failed one is left out). */
  async providerReport(): Promise<ProviderReport> {
    const opened: [string, Promise<Session> | null][] = [
      ['text_encoder', this.text.openedSession],
      ...this.vae.openedSessions,
      ...this.sessions,
    ]
    const models: Record<string, Provider> = {}
    for (const [name, session] of opened) {
      const s = await session?.catch(() => null)
      if (s) models[name] = s.provider
    }
    return { models, fallbacks: [...this.o.runtime.fallbacks] }
  }

  /** Weight bytes, compiled or not, open or not, of each graph (the preflight's input; nothing compiles). */
  async footprint(uses: readonly GraphUse[]): Promise<BackendFootprint> {
    const cache = new ModelCache(this.o.compiledDir)
    const graphs = await Promise.all(
      uses.map(async (use) => {
        const spec = this.specOf(use)
        const bytesPerWeight = spec.precision === 'fp16' ? 2 : 4
        return {
          name: use,
          weightBytes: this.weightCount(use) * bytesPerWeight,
          compiled: cache.get(await compiledKey(spec)) !== null,
          open: this.isOpen(use, spec),
        }
      }),
    )
    return { graphs, heads: this.main.configs.unet.attentionHeads[0], compiledDir: this.o.compiledDir }
  }

  private specOf(use: GraphUse): GraphSpec {
    const { width, height } = this.geometry
    if (use === 'text_encoder') return textEncoderGraph(this.main)
    if (use === 'vae/encode') return vaeGraph(this.main, 'encode', width, height)
    if (use === 'vae/decode') return vaeGraph(this.main, 'decode', width, height)
    return this.variantSpec(use)
  }

  private isOpen(use: GraphUse, spec: GraphSpec): boolean {
    if (use === 'text_encoder') return this.text.openedSession !== null
    if (use === 'vae/encode' || use === 'vae/decode') return this.vae.openedSessions.has(spec.name)
    return this.sessions.has(use)
  }

  /** Parameters of the graph's weights (a VAE half holds its own half of the VAE). */
  private weightCount(use: GraphUse): number {
    const count = (shapes: Map<string, readonly number[]>, keep = (_key: string) => true) =>
      [...shapes].reduce((n, [key, shape]) => (keep(key) ? n + shape.reduce((a, b) => a * b, 1) : n), 0)
    if (use === 'text_encoder') return count(this.main.component('text_encoder').shapes())
    const encoderHalf = (key: string) => key.startsWith('encoder.') || key.startsWith('quant_conv.')
    if (use === 'vae/encode') return count(this.main.component('vae').shapes(), encoderHalf)
    if (use === 'vae/decode') return count(this.main.component('vae').shapes(), (key) => !encoderHalf(key))
    return count(this.main.component('unet').shapes()) + count(this.control.component('controlnet').shapes())
  }

  close(): void {
    if (this.control !== this.main) this.control.close()
    this.main.close()
  }

  encodePrompts(prompts: readonly string[]): Promise<Float32Array[]> {
    return this.text.encodePrompts(prompts)
  }

  characterTokens(prompt: string, words: readonly string[] = []): number[] {
    const picked = words.flatMap((w) => this.tokenizer.wordTokenIndices(prompt, w))
    if (words.length > 0) {
      if (picked.length === 0)
        throw new BackendError(`none of the character words ${words.join(', ')} is in the prompt`)
      return [...new Set(picked)].sort((a, b) => a - b)
    }
    const count = Math.min(this.tokenizer.tokenize(prompt).untruncatedIds.length - 2, MAX_LENGTH - 2)
    if (count <= 0) throw new BackendError('the prompt is empty: write what the picture shows (e.g. "a man in a park")')
    return Array.from({ length: count }, (_, i) => i + 1)
  }

  encodeImage(image: RgbImage): Promise<Float32Array> {
    this.checkImage(image)
    return this.vae.encodeImage(image.data, image.width, image.height)
  }

  decodeLatent(latent: Float32Array): Promise<RgbImage> {
    return this.vae.decodeLatent(latent, this.geometry.width, this.geometry.height)
  }

  async eps(batch: EpsBatch): Promise<Float32Array> {
    const parts = await this.sliced(batch, async (b) => {
      const out = await (await this.session('unetControl')).run(this.feeds(b))
      return [toFloat32(out.noise_pred)]
    })
    this.passes.eps += batch.batch
    return concat(parts.map((p) => p[0]))
  }

  async epsWithGrad(batch: EpsBatch, upstream: AffineUpstream): Promise<GradResult> {
    const n = sizes(this.geometry)
    const parts = await this.sliced(batch, async (b, from) => {
      const feeds = {
        ...this.feeds(b),
        grad_noise_pred: tensor.f32(upstream.offset.subarray(from * n.latent, (from + b.batch) * n.latent), [
          b.batch,
          ...this.geometry.latent,
        ]),
        grad_noise_scale: tensor.f32(upstream.scale.subarray(from, from + b.batch), [b.batch]),
      }
      const out = await (await this.session('unetControlGrad')).run(feeds)
      return [toFloat32(out.noise_pred), toFloat32(out.grad_encoder_hidden_states), toFloat32(out.attention_maps)]
    })
    this.passes.grad += batch.batch
    return {
      eps: concat(parts.map((p) => p[0])),
      dEmbeddings: concat(parts.map((p) => p[1])),
      attentionMaps: concat(parts.map((p) => p[2])),
    }
  }

  async epsDca(batch: EpsBatch, dca: DcaInputs): Promise<Float32Array> {
    const { batch: b } = batch
    for (const [name, v] of [
      ['frame0Index', dca.frame0Index],
      ['prevIndex', dca.prevIndex],
    ] as const) {
      if (v.length !== b || v.some((i) => !Number.isInteger(i) || i < 0 || i >= b)) {
        throw new RangeError(`${name} must hold ${b} batch indices in 0..${b - 1}, got [${v.join(', ')}]`)
      }
    }
    const [, h, w] = this.geometry.latent
    const out = await (
      await this.session('unetControlDca')
    ).run({
      ...this.feeds(batch),
      frame0_index: tensor.i64(dca.frame0Index),
      prev_index: tensor.i64(dca.prevIndex),
      dca_weights: tensor.f32(dca.lambdas, [3]),
      mask: tensor.f32(dca.masks, [b, 1, h, w]),
      mgdm: tensor.f32(dca.mgdm, [b]),
    })
    this.passes.dca += b
    return toFloat32(out.noise_pred)
  }

  private checkImage(image: RgbImage): void {
    const { width, height } = this.geometry
    if (image.width !== width || image.height !== height) {
      throw new RangeError(`image is ${image.width}×${image.height}, the backend was opened for ${width}×${height}`)
    }
  }

  private feeds(b: EpsBatch) {
    const { latent, tokens, embedDim, width, height } = this.geometry
    const n = sizes(this.geometry)
    const expect = (what: string, got: number, per: number) => {
      if (got !== per * b.batch) throw new RangeError(`${what} has ${got} values, expected ${b.batch} × ${per}`)
    }
    expect('latents', b.latents.length, n.latent)
    expect('embeddings', b.embeddings.length, n.embedding)
    expect('pose images', b.poseImages.length, n.poseImage)
    return {
      sample: tensor.f32(b.latents, [b.batch, ...latent]),
      timestep: tensor.i64(new Array<number>(b.batch).fill(b.timestep)),
      encoder_hidden_states: tensor.f32(b.embeddings, [b.batch, tokens, embedDim]),
      control_image: tensor.f32(b.poseImages, [b.batch, 3, height, width]),
      control_scale: tensor.f32(new Array<number>(b.batch).fill(b.controlScale), [b.batch]),
    }
  }

  /** Runs `fn` on slices of at most maxBatch elements; `from` is the slice's first element. */
  private async sliced<T>(b: EpsBatch, fn: (slice: EpsBatch, from: number) => Promise<T>): Promise<T[]> {
    const n = sizes(this.geometry)
    const out: T[] = []
    for (let from = 0; from < b.batch; from += this.o.maxBatch) {
      const count = Math.min(this.o.maxBatch, b.batch - from)
      const range = (per: number, a: Float32Array) => a.subarray(from * per, (from + count) * per)
      const slice: EpsBatch = {
        ...b,
        batch: count,
        latents: range(n.latent, b.latents),
        embeddings: range(n.embedding, b.embeddings),
        poseImages: range(n.poseImage, b.poseImages),
      }
      out.push(await fn(slice, from))
    }
    return out
  }

  private session(kind: VariantKind): Promise<Session> {
    let s = this.sessions.get(kind)
    if (!s) {
      s = this.compile(kind)
      this.sessions.set(kind, s)
      s.catch(() => this.sessions.delete(kind))
    }
    return s
  }

  private async compile(kind: VariantKind): Promise<Session> {
    const compiled = await compileGraph(this.variantSpec(kind), new ModelCache(this.o.compiledDir))
    return this.o.runtime.session(compiled, kind)
  }

  private variantSpec(kind: VariantKind): GraphSpec {
    const [, latentHeight, latentWidth] = this.geometry.latent
    const spec = { kind, latentHeight, latentWidth, tokens: this.geometry.tokens }
    // Gradients stay fp32: dL/dφ is ~1e-5 per element and would flush to zero in fp16 (decision 0123).
    const precision = kind === 'unetControlGrad' ? 'fp32' : this.o.precision
    return variantGraph({ unet: this.main, controlnet: this.control }, spec, precision)
  }
}

function concat(parts: Float32Array[]): Float32Array {
  if (parts.length === 1) return parts[0]
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
