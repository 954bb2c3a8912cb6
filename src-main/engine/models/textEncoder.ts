// Prompt → text embedding, as the pipeline needs it: tokenize (SD 1.5 framing: BOS, ≤ 75 tokens, EOS,
// EOS padding to 77) and run the compiled CLIP text encoder. One call encodes any number of prompts.
import { tensor, toFloat32 } from '../runtime/tensor'
import type { Session } from '../runtime/session'
import { type ComponentGraph, componentSession, configTag, type ComponentRuntime } from './componentSession'
import type { ClipTextConfig } from './config'
import { clipTextGraph } from './sd15/clip'
import { MODELS_VERSION } from './sd15/variants'
import { ClipTokenizer } from './tokenizer'
import type { CheckpointSource } from './weights/source'

export interface TextEncoderOptions extends ComponentRuntime {
  /** diffusers' clip_skip: use the output of layer L − clipSkip, then the final norm (default 0). */
  clipSkip?: number
  tokenizer?: ClipTokenizer
}

/** The compiled text encoder: input `input_ids` int64 [B, 77] → `last_hidden_state` [B, 77, C]. */
export function textEncoderGraph(cfg: ClipTextConfig, clipSkip = 0): ComponentGraph {
  return {
    component: 'text_encoder',
    variant: `text_encoder/models-${MODELS_VERSION}/${configTag(cfg)}/skip${clipSkip}`,
    build: () => clipTextGraph(cfg, { clipSkip }),
    model: clipSkip ? clipTextGraph(cfg).paramKeys() : undefined,
  }
}

export class TextEncoder {
  private constructor(
    private readonly session: Session,
    private readonly tokenizer: ClipTokenizer,
    readonly config: ClipTextConfig,
    /** Whether the compiled model came from the on-disk cache. */
    readonly cached: boolean,
  ) {}

  /** Compiles (or finds in the cache) the checkpoint's text encoder; throws if the checkpoint has none. */
  static async open(source: CheckpointSource, o: TextEncoderOptions): Promise<TextEncoder> {
    const cfg = source.configs.textEncoder
    const clipSkip = o.clipSkip ?? 0
    const { session, cached } = await componentSession(source, textEncoderGraph(cfg, clipSkip), o)
    return new TextEncoder(session, o.tokenizer ?? ClipTokenizer.load(), cfg, cached)
  }

  /** Tokens per prompt (77) and embedding width (768 for SD 1.5). */
  get shape(): [number, number] {
    return [this.config.maxPositionEmbeddings, this.config.hiddenSize]
  }

  /** The embedding of one prompt: Float32Array [77 × C] (row-major, token-major). */
  async encodePrompt(prompt: string): Promise<Float32Array> {
    const [embedding] = await this.encodePrompts([prompt])
    return embedding
  }

  /** Embeddings of several prompts in one run (e.g. the prompt and the empty prompt). */
  async encodePrompts(prompts: readonly string[]): Promise<Float32Array[]> {
    return this.encodeIds(prompts.map((p) => this.tokenizer.encode(p)))
  }

  /** Embeddings of already tokenized prompts (77 ids each). */
  async encodeIds(ids: readonly (readonly number[])[]): Promise<Float32Array[]> {
    const [seq, width] = this.shape
    const bad = ids.findIndex((row) => row.length !== seq)
    if (bad >= 0) throw new Error(`prompt ${bad} has ${ids[bad].length} token ids, the text encoder takes ${seq}`)
    if (ids.length === 0) return []
    const out = await this.session.run({ input_ids: tensor.i64(ids.flat(), [ids.length, seq]) })
    const flat = toFloat32(out.last_hidden_state)
    return ids.map((_, i) => flat.slice(i * seq * width, (i + 1) * seq * width))
  }
}
