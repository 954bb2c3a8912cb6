// Routes one incoming message (channel, argument) to its handler after validating it. Shared by the
// Electron IPC glue and the e2e test bridge, so both see the same checks and the same errors.
import type { ChannelArg, ChannelResult, IpcEnvelope, IpcErrorCode, StudioChannel } from '../../src-preload/api'
import { studioChannels } from '../../src-preload/api'
import { asUserError, UserError } from '../engine/errors'
import { EngineError, type EngineErrorCode } from '../engine/host/protocol'
import { channelSchemas, describeIssues } from './schemas'

export type StudioHandlers = { [C in StudioChannel]: (arg: ChannelArg<C>) => Promise<ChannelResult<C>> }

/** The handlers of one namespace: HandlersOf<'render'> has every render.* channel. */
export type HandlersOf<N extends string> = Pick<StudioHandlers, Extract<keyof StudioHandlers, `${N}.${string}`>>

export interface StudioRouter {
  invoke(channel: unknown, arg: unknown): Promise<IpcEnvelope<unknown>>
}

/** A failure of a handler that the user should read as is. */
export class IpcUserError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'IpcUserError'
  }
}

const KNOWN = new Set<string>(studioChannels())

export function createRouter(handlers: StudioHandlers): StudioRouter {
  return {
    async invoke(channel, arg) {
      if (typeof channel !== 'string' || !KNOWN.has(channel)) {
        return fail('unknown-channel', `Unknown channel ${JSON.stringify(channel)}. Known: ${[...KNOWN].join(', ')}.`)
      }
      const name = channel as StudioChannel
      const parsed = channelSchemas[name].safeParse(arg)
      if (!parsed.success) return fail('invalid-argument', describeIssues(name, parsed.error))
      try {
        const handler = handlers[name] as (a: unknown) => Promise<unknown>
        return { ok: true, value: await handler(parsed.data) }
      } catch (err) {
        return failFromError(err, name)
      }
    },
  }
}

const ENGINE_CODES: Record<EngineErrorCode, IpcErrorCode> = {
  user: 'user',
  cancelled: 'cancelled',
  crashed: 'engine',
  'unknown-method': 'internal',
  internal: 'internal',
}

function failFromError(err: unknown, channel: string): IpcEnvelope<never> {
  if (err instanceof EngineError) return fail(ENGINE_CODES[err.code], err.message)
  const user = asUserError(err)
  if (user) return fail('user', user.message)
  const message = err instanceof Error ? err.message : String(err)
  return fail('internal', `Unexpected error in ${channel}: ${message}`)
}

export function fail(code: IpcErrorCode, message: string): IpcEnvelope<never> {
  return { ok: false, error: { code, message } }
}
