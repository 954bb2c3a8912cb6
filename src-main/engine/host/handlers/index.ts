// Every engine method, by domain. Add a domain: one file exporting `<domain>Methods`, one spread here.
import { appMethods } from './app'
import { projectMethods } from './project'
import { renderMethods } from './render'

export const engineMethods = {
  ...appMethods,
  ...projectMethods,
  ...renderMethods,
}

/** The typed method map callers use: EngineHost<EngineMethods>. */
export type EngineMethods = typeof engineMethods
export type EngineMethodName = keyof EngineMethods
