// Builds a StudioApi object from the contract's channel table. Shared by the Electron preload and
// the e2e test bridge's browser client, so both expose exactly the same surface.
import {
  STUDIO_CHANNELS,
  type IpcEnvelope,
  type StudioApi,
  type StudioChannel,
  type StudioEventName,
  type StudioEvents,
  type Unsubscribe,
} from './api'

export type Invoke = (channel: StudioChannel, arg: unknown) => Promise<IpcEnvelope<unknown>>
export type Subscribe = <E extends StudioEventName>(
  event: E,
  listener: (payload: StudioEvents[E]) => void,
) => Unsubscribe

/** A failed call: `code` says whose fault it was (invalid-argument, user, engine, …). */
export class StudioError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'StudioError'
  }
}

export function makeStudioApi(invoke: Invoke, subscribe: Subscribe): StudioApi {
  const api: Record<string, Record<string, unknown>> = {}
  for (const [namespace, verbs] of Object.entries(STUDIO_CHANNELS)) {
    api[namespace] = {}
    for (const verb of verbs) {
      const channel = `${namespace}.${verb}` as StudioChannel
      api[namespace][verb] = async (arg?: unknown) => unwrap(await invoke(channel, arg))
    }
  }
  api.events = { on: subscribe }
  return api as unknown as StudioApi
}

function unwrap(envelope: IpcEnvelope<unknown>): unknown {
  if (envelope.ok) return envelope.value
  throw new StudioError(envelope.error.code, envelope.error.message)
}
