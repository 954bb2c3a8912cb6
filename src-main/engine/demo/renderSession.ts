// Everything a render from the CLI (or any caller naming a project file) needs, opened once: the
// project database (a project JSON is imported first), its render inputs, the model files (the demo
// model is generated on first use) and a diffusion backend. Backends are kept per process by model
// files and size, so a render followed by an export or a re-render compiles and loads nothing twice.
import { resolve } from 'node:path'
import type { EngineContext } from '../host/context'
import { OnnxDiffusionBackend } from '../diffusion/backend'
import type { RenderSetup } from '../diffusion/inputs'
import type { PipelineEnv } from '../diffusion/pipeline'
import { parsePipelineSettings, type PipelineSettingsInput } from '../diffusion/settings'
import { createRuntime, type Runtime } from '../runtime'
import type { ProjectStore } from '../store'
import { importProjectJson } from './importProject'
import { cacheDirOf, DEMO_MODEL, resolveModelFiles, type ModelFileChoice, type ModelOverride } from './modelFiles'
import { readRenderProject, type RenderProject } from './projectSetup'

export interface SessionRequest extends ModelOverride {
  /** A project database (*.poseanim) or a project JSON. */
  project: string
}

export interface RenderSession {
  /** The project database rendered into (for a JSON: the imported copy in the cache dir). */
  databasePath: string
  /** true when `project` was a JSON file, imported (or re-synced) for this render. */
  imported: boolean
  store: ProjectStore
  project: RenderProject
  model: ModelFileChoice & { demo: boolean }
  env: PipelineEnv
  setup: RenderSetup
  settings: PipelineSettingsInput
}

export async function openRenderSession(engine: EngineContext, request: SessionRequest): Promise<RenderSession> {
  const cacheDir = cacheDirOf(engine.paths.data)
  const path = resolve(request.project)
  const imported = /\.json$/i.test(path)
  const databasePath = imported
    ? importProjectJson(path, cacheDir, (db, create, json) =>
        create ? engine.projects.create(db, { name: json.name }) : engine.projects.get(db),
      ).path
    : path
  const store = engine.projects.get(databasePath)
  const project = readRenderProject(store)
  const model = resolveModelFiles(project.model, request, cacheDir)
  const settings = project.pipeline as PipelineSettingsInput
  const { width, height } = parsePipelineSettings(settings)
  const backend = await openBackend(model, engine.paths.compiledGraphs, width, height)
  const setup: RenderSetup = {
    sourceImage: project.sourceImage,
    sourceMask: project.sourceMask,
    prompt: project.prompt,
    characterWords: project.characterWords,
    sourcePose: project.sourcePose,
    motion: project.motion,
  }
  const demo = (request.model ?? (project.model === DEMO_MODEL ? DEMO_MODEL : '')) === DEMO_MODEL
  return { databasePath, imported, store, project, model: { ...model, demo }, env: { store, backend }, setup, settings }
}

let runtime: Promise<Runtime> | null = null
const backends = new Map<string, Promise<OnnxDiffusionBackend>>()

function openBackend(files: ModelFileChoice, compiledDir: string, width?: number, height?: number) {
  const key = JSON.stringify({ files: [files.checkpoint, files.controlnet], width, height })
  let backend = backends.get(key)
  if (!backend) {
    runtime ??= createRuntime()
    backend = runtime.then((rt) => OnnxDiffusionBackend.open(files, { runtime: rt, compiledDir, width, height }))
    backends.set(key, backend)
    backend.catch(() => backends.delete(key))
  }
  return backend
}
