// Every engine method, by domain. Add a domain: one file exporting `<domain>Methods`, one spread here.
import { appMethods } from './app'
import { modelMethods } from './models'
import { poseMethods } from './pose'
import { exportMethods } from './export'
import { projectMethods } from './project'
import { renderMethods } from './render'
import { sourceMethods } from './source'
import { renderFrameMethods } from './renderFrames'
import { renderJobMethods } from './renderJob'

export const engineMethods = {
  ...appMethods,
  ...projectMethods,
  ...renderMethods,
  ...sourceMethods,
  ...poseMethods,
  ...modelMethods,
  ...renderJobMethods,
  ...renderFrameMethods,
  ...exportMethods,
}

/** The typed method map callers use: EngineHost<EngineMethods>. */
export type EngineMethods = typeof engineMethods
export type EngineMethodName = keyof EngineMethods
