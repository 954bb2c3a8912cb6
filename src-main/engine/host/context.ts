// Process-wide state every engine method can reach (ctx.engine).
import { OpenProjects } from './openProjects'
import { studioPaths, type StudioPaths } from './paths'

export interface EngineContext {
  paths: StudioPaths
  projects: OpenProjects
}

export function createEngineContext(env: NodeJS.ProcessEnv = process.env): EngineContext {
  return { paths: studioPaths(env), projects: new OpenProjects() }
}
