// The only place that creates onnxruntime sessions: execution-provider choice (CUDA → CPU) and a
// session cache keyed by model hash. No global state: every Runtime owns its cache.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import ort from 'onnxruntime-node'
import { Graph } from '../graph/graph'
import { emitOnnxBytes } from '../graph/onnx'
import type { EmittedModel } from './emit'
import { cudaUnavailableReason } from './providers'
import { Session } from './session'

export type Provider = 'cuda' | 'cpu'

export interface RuntimeOptions {
  /** Try the CUDA execution provider first (default true). */
  preferCuda?: boolean
  /** CPU threads per session (default: onnxruntime's choice). */
  threads?: number
  /** onnxruntime graph optimisation (default 'all'). */
  optimization?: 'disabled' | 'basic' | 'extended' | 'all'
  /**
   * onnxruntime's memory pattern (default false): it preallocates one block of the first run's peak while
   * the arena keeps that run's chunks, so activations took twice their peak (decision 0090).
   */
  memoryPattern?: boolean
  /**
   * Models whose weights read by two ops total at least this many bytes read all weights in place
   * (default 64 MiB; see WEIGHTS_IN_PLACE). Smaller models keep prepacking: their copies are cheap.
   */
  weightsInPlaceFrom?: number
}

/**
 * Session options for a model whose weights are read by two ops (a forward op and its VJP). Each CPU
 * kernel would keep its own copy beside the original the other op reads: Gemm/ConvTranspose prepack
 * theirs, and the NCHWc layout pass reorders Conv weights into new initializers. Read in place, every
 * weight is held once, memory-mapped from the external data (decision 0090). The price: without
 * prepacking, MLAS splits the inner dimension of Gemms with few rows across threads, so results differ
 * (~1e-7 relative) between thread counts; a fixed thread count stays deterministic.
 */
const WEIGHTS_IN_PLACE = {
  session: { disable_prepacking: '1' },
  optimization: { disable_specified_optimizers: 'NchwcTransformer' },
}

/** A model: ONNX bytes (inline weights), a path to an .onnx file, or the result of emitOnnx. */
export type ModelSource = Uint8Array | string | EmittedModel

export class Runtime {
  private readonly sessions = new Map<string, Promise<Session>>()

  constructor(
    readonly provider: Provider,
    /** Why this provider was chosen (the CUDA error when it fell back to CPU). */
    readonly providerNote: string,
    private readonly options: RuntimeOptions,
  ) {}

  /** A session for `model`, created once per model hash and reused. */
  session(model: ModelSource): Promise<Session> {
    const key = modelKey(model)
    let s = this.sessions.get(key)
    if (!s) {
      s = this.create(model)
      this.sessions.set(key, s)
      s.catch(() => this.sessions.delete(key))
    }
    return s
  }

  get cachedSessions(): number {
    return this.sessions.size
  }

  /** onnxruntime session options for `model` under this runtime's provider and options. */
  sessionOptions(model: ModelSource): ort.InferenceSession.SessionOptions {
    const reused = typeof model === 'object' && 'reusedWeightBytes' in model ? model.reusedWeightBytes : 0
    const inPlace = reused > 0 && reused >= (this.options.weightsInPlaceFrom ?? 64 * 2 ** 20)
    return {
      executionProviders: this.provider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
      graphOptimizationLevel: this.options.optimization ?? 'all',
      enableMemPattern: this.options.memoryPattern ?? false,
      ...(this.options.threads ? { intraOpNumThreads: this.options.threads } : {}),
      ...(inPlace ? { extra: WEIGHTS_IN_PLACE } : {}),
    }
  }

  private async create(model: ModelSource): Promise<Session> {
    const label = typeof model === 'string' ? model : model instanceof Uint8Array ? 'model bytes' : model.modelPath
    const options = this.sessionOptions(model)
    try {
      const inner =
        model instanceof Uint8Array
          ? await ort.InferenceSession.create(model, options)
          : await ort.InferenceSession.create(typeof model === 'string' ? model : model.modelPath, options)
      return new Session(inner, label)
    } catch (e) {
      throw new Error(`cannot load ${label} on ${this.provider}: ${(e as Error).message}`)
    }
  }

  /** Releases every cached session. */
  async dispose(): Promise<void> {
    const all = [...this.sessions.values()]
    this.sessions.clear()
    await Promise.all(all.map(async (s) => (await s.catch(() => null))?.release()))
  }
}

function modelKey(model: ModelSource): string {
  if (model instanceof Uint8Array) return `bytes:${createHash('sha256').update(model).digest('hex')}`
  if (typeof model === 'string') {
    const st = fs.statSync(model, { throwIfNoEntry: false })
    if (!st) throw new Error(`model file not found: ${model}`)
    return `file:${fs.realpathSync(model)}:${st.size}:${st.mtimeMs}`
  }
  return `emitted:${model.hash}`
}

/**
 * Probes the CUDA provider with a one-node model; onnxruntime throws (no silent fallback) when it is missing.
 * Without the provider libraries there is no probe (and no onnxruntime error line on stderr).
 */
export async function createRuntime(o: RuntimeOptions = {}): Promise<Runtime> {
  if (o.preferCuda === false) return new Runtime('cpu', 'CUDA not requested', o)
  const known = cudaUnavailableReason()
  if (known) return new Runtime('cpu', `CUDA unavailable, using CPU: ${known}`, o)
  try {
    const g = new Graph('cuda_probe')
    g.output('y', g.neg(g.input('x', 'float32', [1])))
    const bytes = await emitOnnxBytes(g, { weights: () => new Float32Array(0) })
    const s = await ort.InferenceSession.create(bytes, { executionProviders: ['cuda', 'cpu'], logSeverityLevel: 4 })
    await s.release()
    return new Runtime('cuda', 'CUDA execution provider loaded', o)
  } catch (e) {
    const reason = String((e as Error).message).split('\n')[0]
    return new Runtime('cpu', `CUDA unavailable, using CPU: ${reason}`, o)
  }
}
