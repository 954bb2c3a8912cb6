// Process-wide state every engine method can reach (ctx.engine).
import { MachineSettingsFile } from './machineSettings'
import { OpenProjects } from './openProjects'
import { studioPaths, type StudioPaths } from './paths'

export interface EngineContext {
  paths: StudioPaths
  projects: OpenProjects
  /** This machine's settings (the execution provider). */
  machine: MachineSettingsFile
}

export function createEngineContext(env: NodeJS.ProcessEnv = process.env): EngineContext {
  const paths = studioPaths(env)
  return { paths, projects: new OpenProjects(), machine: new MachineSettingsFile(paths.data, env) }
}
