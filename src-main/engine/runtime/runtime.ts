// The only place that creates onnxruntime sessions: execution-provider order and fallback (decision 0201)
// and a session cache keyed by model hash. No global state: every Runtime owns its cache.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import ort from 'onnxruntime-node'
import type { EmittedModel } from './emit'
import {
  failingNode,
  ortReason,
  probeProvider,
  type Provider,
  type ProviderChoice,
  providerFromEnv,
  providerOrder,
  softwareGpuReason,
} from './providers'
import { Session, type SessionBackend } from './session'

export type { Provider, ProviderChoice } from './providers'

/** Test hook: `provider` behaves as if it could not create, or could not run, the node named `node`. */
export interface ProviderFault {
  provider: Provider
  node: string
  when: 'create' | 'run'
}

export interface RuntimeOptions {
  /** Which provider runs the models (default: POSEANIMATE_PROVIDER, else 'auto'); see providerOrder. */
  provider?: ProviderChoice
  /** Told of every fallback from one provider to the next (default: a warning on stderr). */
  onFallback?: (message: string) => void
  /** Test only: failures to simulate (the session is then created on the CPU underneath). */
  faults?: readonly ProviderFault[]
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
  /** Every fallback message so far (also given to onFallback), e.g. for a render summary. */
  readonly fallbacks: string[] = []

  constructor(
    /** The available providers to try, best first; the last is always 'cpu'. */
    readonly providers: readonly Provider[],
    /** Why the first provider was chosen (what was passed over and why). */
    readonly providerNote: string,
    private readonly options: RuntimeOptions,
  ) {}

  /** The provider sessions are created on first. */
  get provider(): Provider {
    return this.providers[0]
  }

  /** A session for `model`, created once per model hash and reused; `name` labels it in messages. */
  session(model: ModelSource, name?: string): Promise<Session> {
    const key = modelKey(model)
    let s = this.sessions.get(key)
    if (!s) {
      s = this.create(model, name ?? labelOf(model))
      this.sessions.set(key, s)
      s.catch(() => this.sessions.delete(key))
    }
    return s
  }

  get cachedSessions(): number {
    return this.sessions.size
  }

  /** onnxruntime session options for `model` on `provider` (default: the first) under this runtime's options. */
  sessionOptions(model: ModelSource, provider: Provider = this.provider): ort.InferenceSession.SessionOptions {
    const reused = typeof model === 'object' && 'reusedWeightBytes' in model ? model.reusedWeightBytes : 0
    const inPlace = reused > 0 && reused >= (this.options.weightsInPlaceFrom ?? 64 * 2 ** 20)
    return {
      executionProviders: [provider],
      graphOptimizationLevel: this.options.optimization ?? 'all',
      enableMemPattern: this.options.memoryPattern ?? false,
      // On a GPU provider onnxruntime warns that it keeps shape ops on the CPU, by design: errors only.
      ...(provider === 'cpu' ? {} : { logSeverityLevel: 3 as const }),
      ...(this.options.threads ? { intraOpNumThreads: this.options.threads } : {}),
      ...(inPlace ? { extra: WEIGHTS_IN_PLACE } : {}),
    }
  }

  /** Creates the session on the first provider that can; every provider passed over is reported. */
  private async create(model: ModelSource, label: string): Promise<Session> {
    const backend = await this.open(model, label, 0)
    return new Session(backend, label, (error, from) => this.recover(model, label, error, from))
  }

  private async open(model: ModelSource, label: string, first: number): Promise<SessionBackend> {
    for (let i = first; ; i++) {
      const provider = this.providers[i]
      try {
        return { inner: await this.inferenceSession(model, provider), provider }
      } catch (e) {
        const next = this.providers[i + 1]
        if (!next) throw new Error(`cannot load ${label} on ${provider}: ${(e as Error).message}`)
        this.fallBack(`${provider} cannot create ${label}`, e, next)
      }
    }
  }

  /** A run failed on `from`: the session moves to the next provider, or the error stands. */
  private async recover(model: ModelSource, label: string, error: unknown, from: Provider): Promise<SessionBackend> {
    const at = this.providers.indexOf(from)
    const next = this.providers[at + 1]
    if (at < 0 || !next) throw error
    this.fallBack(`${from} cannot run ${label}`, error, next)
    return this.open(model, label, at + 1)
  }

  private fallBack(what: string, error: unknown, next: Provider): void {
    const message = String((error as Error)?.message ?? error)
    const node = failingNode(message)
    const text = `${what}${node ? ` (node ${node})` : ''}: ${ortReason(error)}; falling back to ${next}`
    this.fallbacks.push(text)
    ;(this.options.onFallback ?? ((m: string) => process.stderr.write(`warning: ${m}\n`)))(text)
  }

  private async inferenceSession(model: ModelSource, provider: Provider): Promise<ort.InferenceSession> {
    const fault = this.options.faults?.find((f) => f.provider === provider)
    if (fault?.when === 'create') {
      throw new Error(`Could not create the kernel of node with name '${fault.node}' on ${provider} (test fault)`)
    }
    const options = this.sessionOptions(model, fault ? 'cpu' : provider)
    const source = typeof model === 'string' || model instanceof Uint8Array ? model : model.modelPath
    const inner =
      source instanceof Uint8Array
        ? await ort.InferenceSession.create(source, options)
        : await ort.InferenceSession.create(source, options)
    return fault ? failingRuns(inner, fault) : inner
  }

  /** Releases every cached session. */
  async dispose(): Promise<void> {
    const all = [...this.sessions.values()]
    this.sessions.clear()
    await Promise.all(all.map(async (s) => (await s.catch(() => null))?.release()))
  }
}

const labelOf = (model: ModelSource) =>
  typeof model === 'string' ? model : model instanceof Uint8Array ? 'model bytes' : model.modelPath

/** Test fault: every run fails the way onnxruntime reports a failing node. */
function failingRuns(inner: ort.InferenceSession, fault: ProviderFault): ort.InferenceSession {
  const run = () =>
    Promise.reject(
      new Error(`Non-zero status code returned while running node. Name:'${fault.node}' Status Message: test fault`),
    )
  return new Proxy(inner, { get: (target, key) => (key === 'run' ? run : Reflect.get(target, key)) })
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
 * Resolves the provider order for `o.provider` on this machine: providers that cannot load are dropped
 * with their reason in `providerNote`; under 'auto' a software GPU is passed over too. The CPU always stays.
 */
export async function createRuntime(o: RuntimeOptions = {}): Promise<Runtime> {
  const choice = o.provider ?? providerFromEnv()
  const usable: Provider[] = []
  const passed: string[] = []
  for (const name of providerOrder(choice)) {
    if (name === 'cpu') break
    const software = choice === 'auto' ? softwareGpuReason(name) : null // known before probing it
    const status = software ? null : await probeProvider(name)
    if (status?.available) usable.push(name)
    else passed.push(`${name} unavailable: ${software ?? status?.reason}`)
  }
  const chosen = usable[0] ?? 'cpu'
  const why = choice === 'auto' ? 'auto' : `${choice} requested`
  const note = [`${chosen} (${why})`, ...passed].join('; ')
  return new Runtime([...usable, 'cpu'], note, o)
}
