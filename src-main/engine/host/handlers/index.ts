// Every engine method, by domain. Add a domain: one file exporting `<domain>Methods`, one spread here.
import { appMethods } from './app'
import { exportMethods } from './export'
import { projectMethods } from './project'
import { renderMethods } from './render'
import { renderFrameMethods } from './renderFrames'
import { renderJobMethods } from './renderJob'

export const engineMethods = {
  ...appMethods,
  ...projectMethods,
  ...renderMethods,
  ...renderJobMethods,
  ...renderFrameMethods,
  ...exportMethods,
}

/** The typed method map callers use: EngineHost<EngineMethods>. */
export type EngineMethods = typeof engineMethods
export type EngineMethodName = keyof EngineMethods
