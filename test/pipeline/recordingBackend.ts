// A DiffusionBackend around the tiny golden one that records what the pipeline asks of it (the DCA
// inputs and embeddings of every stage-4 pass) and can force the cross-attention maps, so tests can check
// which passes a module switch runs and that frame masks follow each frame's own attention.
import type {
  AffineUpstream,
  DcaInputs,
  DiffusionBackend,
  EpsBatch,
  GradResult,
} from '../../src-main/engine/diffusion/models'

export interface DcaCall {
  embeddings: Float32Array
  dca: DcaInputs
}

export class RecordingBackend implements DiffusionBackend {
  readonly dcaCalls: DcaCall[] = []

  constructor(
    private readonly inner: DiffusionBackend,
    /** Replaces the attention maps of a gradient pass: [B, mapHeight · mapWidth, tokens]. */
    private readonly forceAttention?: (batch: EpsBatch) => Float32Array,
  ) {}

  get geometry() {
    return this.inner.geometry
  }
  get modelHash() {
    return this.inner.modelHash
  }
  get passes() {
    return this.inner.passes
  }
  encodePrompts(prompts: readonly string[]) {
    return this.inner.encodePrompts(prompts)
  }
  characterTokens(prompt: string, words?: readonly string[]) {
    return this.inner.characterTokens(prompt, words)
  }
  encodeImage(image: Parameters<DiffusionBackend['encodeImage']>[0]) {
    return this.inner.encodeImage(image)
  }
  decodeLatent(latent: Float32Array) {
    return this.inner.decodeLatent(latent)
  }
  eps(batch: EpsBatch) {
    return this.inner.eps(batch)
  }
  async epsWithGrad(batch: EpsBatch, upstream: AffineUpstream): Promise<GradResult> {
    const result = await this.inner.epsWithGrad(batch, upstream)
    return this.forceAttention ? { ...result, attentionMaps: this.forceAttention(batch) } : result
  }
  epsDca(batch: EpsBatch, dca: DcaInputs) {
    this.dcaCalls.push({ embeddings: Float32Array.from(batch.embeddings), dca })
    return this.inner.epsDca(batch, dca)
  }
}
