// The generic half of main's router: every channel outside MAIN_CHANNELS goes, already validated, to
// the engine method of the same name. The engine's CONTRACT_METHODS check (engine/host/handlers/index.ts)
// proves at compile time that each such method takes the channel's argument and gives its result.
import { engineChannels, type EngineChannel } from '../../src-preload/api'
import type { StudioDeps } from './deps'
import type { StudioHandlers } from './router'

export function forwardToEngine({ engine }: Pick<StudioDeps, 'engine'>): Pick<StudioHandlers, EngineChannel> {
  // One untyped call for every channel: the per-channel types are proven on the engine side (see above).
  // engine.call is looked up per call, so a wrapped or replaced client (tests that count calls) is used.
  const call = (method: string, params: unknown) =>
    (engine.call as (method: string, params: unknown) => Promise<unknown>).call(engine, method, params)
  const forwards = engineChannels().map((channel) => [channel, (arg: unknown) => call(channel, arg)])
  return Object.fromEntries(forwards) as Pick<StudioHandlers, EngineChannel>
}
