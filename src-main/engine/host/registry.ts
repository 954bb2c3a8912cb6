// Engine methods: each domain defines its methods in one file under handlers/ with `method(...)`;
// handlers/index.ts spreads them into one map whose type is the typed method map callers use.
import type { EngineContext } from './context'
import type { ByPathOrId } from './projectLocation'

export interface MethodContext<Progress> {
  /** Aborted when the caller cancels: check it between work items (or pass it to a job). */
  signal: AbortSignal
  /** Streams a progress event to the caller. */
  progress(data: Progress): void
  engine: EngineContext
}

export interface MethodDef<Params, Result, Progress> {
  /** A function property, not a method: its parameters are checked strictly (handlers/index.ts relies on it). */
  readonly run: (params: Params, ctx: MethodContext<Progress>) => Promise<Result> | Result
  /** Phantom field carrying the progress type (never set). */
  readonly progressType?: Progress
}

/** Declares one engine method; the type parameters become the caller-side types. */
export function method<Params, Result, Progress = never>(
  run: (params: Params, ctx: MethodContext<Progress>) => Promise<Result> | Result,
): MethodDef<Params, Result, Progress> {
  return { run }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the widest method; each is typed at definition
export type AnyMethod = MethodDef<any, unknown, unknown>
export type MethodMap = Record<string, AnyMethod>

/** What a caller passes: the method's parameters, with the project by path or by library id. */
export type ParamsOf<D> = D extends MethodDef<infer P, unknown, unknown> ? ByPathOrId<P> : never
export type ResultOf<D> = D extends MethodDef<never, infer R, unknown> ? Awaited<R> : never
export type ProgressOf<D> = D extends MethodDef<never, unknown, infer G> ? G : never
