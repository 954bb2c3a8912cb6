// Every engine method, by domain. Add a domain: one file exporting `<domain>Methods`, one spread here.
// The contract's channels are method names here: CONTRACT_METHODS below fails to compile when a channel
// that main forwards (every one outside MAIN_CHANNELS) has no method of that name, or one whose
// parameters or result differ from the contract's (docs/decisions/0290-one-verb-table.md).
import type { ChannelArg, ChannelResult, EngineChannel } from '../../../../src-preload/api'
import { appMethods } from './app'
import { modelMethods } from './models'
import { poseMethods } from './pose'
import { exportMethods } from './export'
import { farmMethods } from './farm'
import { projectMethods } from './project'
import { sourceMethods } from './source'
import { renderFrameMethods } from './renderFrames'
import { renderJobMethods } from './renderJob'

export const engineMethods = {
  ...appMethods,
  ...projectMethods,
  ...sourceMethods,
  ...poseMethods,
  ...modelMethods,
  ...renderJobMethods,
  ...renderFrameMethods,
  ...exportMethods,
  ...farmMethods,
}

/** The typed method map callers use: EngineHost<EngineMethods>. */
export type EngineMethods = typeof engineMethods
export type EngineMethodName = keyof EngineMethods

/** A channel's argument as the method receives it: the server has turned a projectId into its path. */
type Located<A> = A extends { projectId: string } ? Omit<A, 'projectId'> & { path: string } : A

/** For every forwarded channel, a method of that name taking the contract's argument and giving its result. */
export type ContractMethods = {
  [C in EngineChannel]: {
    readonly run: (params: Located<ChannelArg<C>>, ctx: never) => ChannelResult<C> | Promise<ChannelResult<C>>
  }
}

/** The compile-time proof (the value is the method map itself; nothing runs). */
export const CONTRACT_METHODS: ContractMethods = engineMethods
