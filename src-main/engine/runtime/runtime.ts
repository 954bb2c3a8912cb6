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

  private async create(model: ModelSource): Promise<Session> {
    const label = typeof model === 'string' ? model : model instanceof Uint8Array ? 'model bytes' : model.modelPath
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: this.provider === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
      graphOptimizationLevel: this.options.optimization ?? 'all',
      ...(this.options.threads ? { intraOpNumThreads: this.options.threads } : {}),
    }
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
