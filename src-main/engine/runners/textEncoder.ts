// Prompt → text embedding, as the pipeline needs it: tokenize (SD 1.5 framing: BOS, ≤ 75 tokens, EOS,
// EOS padding to 77) and run the compiled CLIP text encoder. One call encodes any number of prompts.
import type { ClipTextConfig } from '../models/config'
import { ClipTokenizer } from '../models/tokenizer'
import type { CheckpointSource } from '../models/weights/source'
import type { Session } from '../runtime/session'
import { tensor, toFloat32 } from '../tensor'
import { compileGraph, type ComponentRuntime } from './compile'
import { textEncoderGraph } from './graphs'

export interface TextEncoderOptions extends ComponentRuntime {
  /** diffusers' clip_skip: use the output of layer L − clipSkip, then the final norm (default 0). */
  clipSkip?: number
  tokenizer?: ClipTokenizer
}

export class TextEncoder {
  private session: Promise<Session> | null = null
  private fromCache: boolean | undefined
  readonly config: ClipTextConfig

  private constructor(
    private readonly source: CheckpointSource,
    private readonly o: TextEncoderOptions,
    private readonly tokenizer: ClipTokenizer,
  ) {
    this.config = source.configs.textEncoder
  }

  /** The checkpoint's text encoder; it compiles (or is found in the cache) and opens on first use. */
  static create(source: CheckpointSource, o: TextEncoderOptions): TextEncoder {
    return new TextEncoder(source, o, o.tokenizer ?? ClipTokenizer.load())
  }

  /** create, then compile and open it now; throws if the checkpoint has none. */
  static async open(source: CheckpointSource, o: TextEncoderOptions): Promise<TextEncoder> {
    const encoder = TextEncoder.create(source, o)
    await encoder.load()
    return encoder
  }

  /** Whether the compiled model came from the on-disk cache (undefined until it is loaded). */
  get cached(): boolean | undefined {
    return this.fromCache
  }

  /** The session once its compile has been started (first use or open), else null. */
  get openedSession(): Promise<Session> | null {
    return this.session
  }

  private load(): Promise<Session> {
    if (!this.session) {
      const spec = textEncoderGraph(this.source, this.o.clipSkip ?? 0)
      const session = compileGraph(spec, this.o.cache).then((compiled) => {
        this.fromCache = compiled.cached
        return this.o.runtime.session(compiled, spec.name)
      })
      session.catch(() => (this.session = null))
      this.session = session
    }
    return this.session
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
    const out = await (await this.load()).run({ input_ids: tensor.i64(ids.flat(), [ids.length, seq]) })
    const flat = toFloat32(out.last_hidden_state)
    return ids.map((_, i) => flat.slice(i * seq * width, (i + 1) * seq * width))
  }
}
