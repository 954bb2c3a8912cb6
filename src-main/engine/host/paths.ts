// Where the studio keeps its data: projects, model files and compiled graphs.
// Electron passes its userData folder as POSEANIMATE_HOME so the app and the CLI agree when asked to.
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface StudioPaths {
  data: string
  projects: string
  models: string
  compiledGraphs: string
}

export function studioPaths(env: NodeJS.ProcessEnv = process.env, platform = process.platform): StudioPaths {
  const data = env.POSEANIMATE_HOME || defaultDataDir(env, platform)
  return {
    data,
    projects: env.POSEANIMATE_PROJECTS || join(data, 'projects'),
    models: env.POSEANIMATE_MODELS || join(data, 'models'),
    compiledGraphs: join(data, 'compiled'),
  }
}

function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), 'PoseAnimate Studio')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'PoseAnimate Studio')
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'poseanimate-studio')
}
