// One loaded model: validates feeds against the model's inputs and returns plain typed tensors. When a
// run fails on a GPU provider, the runtime moves the session to the next provider and the run is retried.
import ort from 'onnxruntime-node'
import type { DType } from '../graph/types'
import { type Tensor, type TensorLike, toTensor } from '../tensor'
import type { Provider } from './providers'

/** An onnxruntime session and the provider it was created for. */
export interface SessionBackend {
  inner: ort.InferenceSession
  provider: Provider
}

/** Gives the session on the next provider after a failed run, or rethrows when there is none. */
export type Recover = (error: unknown, from: Provider) => Promise<SessionBackend>

export interface RunOptions {
  /** Fetch only these outputs (default: all). */
  outputs?: readonly string[]
}

interface InputMeta {
  name: string
  dtype: DType | null
  shape: readonly (number | string)[]
}

export class Session {
  readonly inputNames: readonly string[]
  readonly outputNames: readonly string[]
  private readonly inputs: InputMeta[]

  constructor(
    private backend: SessionBackend,
    /** Human-readable model label for error messages. */
    readonly label: string,
    private readonly recover?: Recover,
  ) {
    const { inner } = backend
    this.inputNames = inner.inputNames
    this.outputNames = inner.outputNames
    this.inputs = inner.inputMetadata.map((m) =>
      m.isTensor ? { name: m.name, dtype: m.type as DType, shape: m.shape } : { name: m.name, dtype: null, shape: [] },
    )
  }

  /** Runs the model. Blocks the calling thread for the duration (run it in a worker / utility process). */
  async run(feeds: Record<string, TensorLike>, o: RunOptions = {}): Promise<Record<string, Tensor>> {
    const ortFeeds: Record<string, ort.Tensor> = {}
    const symbols = new Map<string, number>()
    for (const meta of this.inputs) {
      const given = feeds[meta.name]
      if (!given) throw new Error(`${this.label}: missing input '${meta.name}' (inputs: ${this.inputNames.join(', ')})`)
      const t = toTensor(given, meta.name)
      this.check(meta, t, symbols)
      ortFeeds[meta.name] = new ort.Tensor(t.dtype, t.data, [...t.shape])
    }
    const extra = Object.keys(feeds).filter((k) => !this.inputNames.includes(k))
    if (extra.length)
      throw new Error(`${this.label}: unknown input(s) ${extra.join(', ')} (inputs: ${this.inputNames.join(', ')})`)
    const wanted = o.outputs ?? this.outputNames
    for (const name of wanted) {
      if (!this.outputNames.includes(name))
        throw new Error(`${this.label}: no output '${name}' (outputs: ${this.outputNames.join(', ')})`)
    }
    const result = await this.runOnce(ortFeeds, wanted)
    const out: Record<string, Tensor> = {}
    for (const name of wanted) {
      const t = result[name] as ort.Tensor
      out[name] = { dtype: t.type as DType, shape: [...t.dims], data: t.data } as Tensor
    }
    return out
  }

  /** dtype, rank, static dims, and one size per symbolic dim across all inputs. */
  private check(meta: InputMeta, t: Tensor, symbols: Map<string, number>): void {
    if (meta.dtype && meta.dtype !== t.dtype) {
      throw new Error(`${this.label}: input '${meta.name}' must be ${meta.dtype}, got ${t.dtype}`)
    }
    const bad =
      meta.shape.length !== t.shape.length || meta.shape.some((d, i) => typeof d === 'number' && d !== t.shape[i])
    if (meta.shape.length && bad) {
      throw new Error(`${this.label}: input '${meta.name}' must have shape [${meta.shape}], got [${t.shape}]`)
    }
    meta.shape.forEach((d, i) => {
      if (typeof d !== 'string') return
      const seen = symbols.get(d)
      if (seen !== undefined && seen !== t.shape[i]) {
        throw new Error(`${this.label}: input '${meta.name}' has ${d}=${t.shape[i]} but another input has ${d}=${seen}`)
      }
      symbols.set(d, t.shape[i])
    })
  }

  /** The execution provider this session runs on now. */
  get provider(): Provider {
    return this.backend.provider
  }

  private async runOnce(feeds: Record<string, ort.Tensor>, wanted: readonly string[]) {
    for (;;) {
      try {
        return await this.backend.inner.run(feeds, [...wanted])
      } catch (e) {
        if (!this.recover || this.backend.provider === 'cpu') throw e
        const failed = this.backend
        this.backend = await this.recover(e, failed.provider)
        await failed.inner.release().catch(() => undefined)
      }
    }
  }

  async release(): Promise<void> {
    await this.backend.inner.release()
  }
}
