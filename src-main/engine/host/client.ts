// Caller side of the protocol: a typed client over a restartable engine process.
// Both Electron main and the CLI use it; only the transport differs.
import { EngineError, type EngineMessage, type HostMessage } from './protocol'
import type { MethodMap, ParamsOf, ProgressOf, ResultOf } from './registry'

export interface ExitInfo {
  code: number | null
  signal: string | null
}

/** A started engine process, whatever kind it is. */
export interface EngineTransport {
  send(message: HostMessage): void
  onMessage(listener: (message: EngineMessage) => void): void
  onExit(listener: (info: ExitInfo) => void): void
  /** Last lines the process wrote to stderr, for crash reports. */
  stderrTail(): string
  kill(): void
}

export type TransportFactory = () => EngineTransport

export type HostState = 'stopped' | 'starting' | 'ready' | 'crashed'

export interface CallOptions<Progress> {
  signal?: AbortSignal
  onProgress?: (progress: Progress) => void
}

interface Pending {
  method: string
  resolve(value: unknown): void
  reject(error: Error): void
  onProgress?: (progress: never) => void
}

const START_TIMEOUT_MS = 60_000

export class EngineHost<M extends MethodMap> {
  private transport: EngineTransport | null = null
  private ready: Promise<void> | null = null
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private state: HostState = 'stopped'

  constructor(
    private readonly createTransport: TransportFactory,
    private readonly onState: (state: HostState, message?: string) => void = () => {},
  ) {}

  get status(): HostState {
    return this.state
  }

  /** Calls an engine method. A stopped or crashed engine is (re)started first. */
  async call<K extends keyof M & string>(
    method: K,
    params: ParamsOf<M[K]>,
    options: CallOptions<ProgressOf<M[K]>> = {},
  ): Promise<ResultOf<M[K]>> {
    if (options.signal?.aborted) throw new EngineError('cancelled', `${method} was cancelled.`)
    await this.start()
    const id = this.nextId++
    return new Promise<ResultOf<M[K]>>((resolve, reject) => {
      this.pending.set(id, {
        method,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress as Pending['onProgress'],
      })
      options.signal?.addEventListener('abort', () => this.transport?.send({ type: 'cancel', id }), { once: true })
      this.transport!.send({ type: 'call', id, method, params })
    })
  }

  /** Starts the engine process if it is not running; resolves once it reports ready. */
  start(): Promise<void> {
    if (!this.ready) this.ready = this.launch()
    return this.ready
  }

  async restart(): Promise<void> {
    await this.stop()
    await this.start()
  }

  /** Asks the engine to close its projects and exit; kills it if it does not within a few seconds. */
  async stop(): Promise<void> {
    const transport = this.transport
    if (!transport) return
    this.transport = null
    this.ready = null
    const exited = new Promise<void>((done) => transport.onExit(() => done()))
    transport.send({ type: 'shutdown' })
    const timer = setTimeout(() => transport.kill(), 5_000)
    await exited
    clearTimeout(timer)
    this.failAll('stopped', 'The engine was stopped.')
    this.setState('stopped')
  }

  private launch(): Promise<void> {
    this.setState('starting')
    const transport = this.createTransport()
    this.transport = transport
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new EngineError('crashed', `The engine did not start within ${START_TIMEOUT_MS / 1000} s.`))
        transport.kill()
      }, START_TIMEOUT_MS)
      transport.onMessage((message) => {
        if (message.type === 'ready') {
          clearTimeout(timer)
          this.setState('ready')
          resolve()
        } else this.route(message)
      })
      transport.onExit((info) => {
        clearTimeout(timer)
        if (this.transport !== transport) return // a deliberate stop
        this.transport = null
        this.ready = null
        const why = describeExit(info, transport.stderrTail())
        reject(new EngineError('crashed', `The engine process failed to start (${why}).`))
        this.failAll('crashed', why)
        this.setState('crashed', why)
      })
    })
  }

  private route(message: EngineMessage): void {
    if (message.type === 'ready') return
    const call = this.pending.get(message.id)
    if (!call) return
    if (message.type === 'progress') return call.onProgress?.(message.data as never)
    this.pending.delete(message.id)
    if (message.ok) call.resolve(message.value)
    else call.reject(new EngineError(message.error.code, message.error.message))
  }

  private failAll(kind: 'crashed' | 'stopped', why: string): void {
    for (const [id, call] of this.pending) {
      this.pending.delete(id)
      const message =
        kind === 'crashed'
          ? `The engine process stopped unexpectedly (${why}) while running ${call.method}. ` +
            'It restarts on the next request; work saved before the crash is kept.'
          : `The engine was stopped while running ${call.method}.`
      call.reject(new EngineError('crashed', message))
    }
  }

  private setState(state: HostState, message?: string): void {
    this.state = state
    this.onState(state, message)
  }
}

function describeExit(info: ExitInfo, stderr: string): string {
  const how = info.signal ? `killed by ${info.signal}` : `exit code ${info.code}`
  const tail = stderr.trim().split('\n').slice(-3).join(' | ')
  return tail ? `${how}; last output: ${tail}` : how
}
