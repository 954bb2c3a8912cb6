// The one message protocol between a caller (Electron main, CLI, tests) and the engine process.
// Calls are request/response by id; a call may stream progress events and be cancelled.
import { asUserError, CancelledError, UserError } from '../errors'

/** Caller → engine. */
export type HostMessage =
  { type: 'call'; id: number; method: string; params: unknown } | { type: 'cancel'; id: number } | { type: 'shutdown' }

/** Engine → caller. */
export type EngineMessage =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; id: number; data: unknown }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: SerializedError }

/**
 * user: a problem the user caused and can fix (message is for them); cancelled: the caller cancelled;
 * unknown-method: caller and engine disagree on the method map; crashed: the engine process died;
 * internal: a bug (the message names the method).
 */
export type EngineErrorCode = 'user' | 'cancelled' | 'unknown-method' | 'crashed' | 'internal'

export interface SerializedError {
  code: EngineErrorCode
  message: string
  stack?: string
}

/** What callers receive when a call fails. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'EngineError'
  }
}

/** A failure the user can fix, raised by a handler itself (any UserError is reported the same way). */
export class EngineUserError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'EngineUserError'
  }
}

export function serializeError(err: unknown, method: string): SerializedError {
  if (err instanceof CancelledError || (err instanceof Error && err.name === 'AbortError')) {
    return { code: 'cancelled', message: `${method} was cancelled.` }
  }
  const user = asUserError(err)
  if (user) return { code: 'user', message: user.message }
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'internal', message: `Engine error in ${method}: ${message}`, stack: (err as Error)?.stack }
}
