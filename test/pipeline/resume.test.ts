// Interrupted renders resume to the same result: a cancel in the middle of stage 3 (in process), and a
// SIGKILL of the engine process in the middle of stage 3 (engine host, child-process transport). The
// projects are real project databases (the format the CLI and the app write); stages 0–2 are copied from
// the reference project, so only stages 3–4 run again (their keys are content hashes, equal across projects).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobProgress } from '../../src-preload/api'
import { PROJECT_JSON_FORMAT, projectJsonSchema } from '../../src-main/engine/project/projectJson'
import { syncProject } from '../../src-main/engine/project/importProject'
import { readRenderProject } from '../../src-main/engine/project/projectSetup'
import type { OnnxDiffusionBackend } from '../../src-main/engine/diffusion/backend'
import { latestFrames, renderProject, type RenderResult } from '../../src-main/engine/diffusion/pipeline'
import { EngineHost, type EngineTransport } from '../../src-main/engine/host/client'
import type { EngineMethods } from '../../src-main/engine/host/handlers'
import { CancelledError } from '../../src-main/engine/errors'
import { EngineError } from '../../src-main/engine/host/protocol'
import { forkTransport } from '../../src-main/engine/host/transports/node'
import { encodeMaskPng, encodePng } from '../../src-main/engine/image/encode'
import { ProjectStore } from '../../src-main/engine/store'
import { fastSettings, modelFiles, openTinyBackend, setup, tempProject, testHome } from './fixture'

const FRAMES = 3
let backend: OnnxDiffusionBackend
let reference: RenderResult
const projects: ReturnType<typeof tempProject>[] = []

/** A project database holding the fixture's render setup, as the project JSON import writes it. */
function projectDb(name: string): ProjectStore {
  const p = tempProject(name)
  projects.push(p)
  const s = setup(FRAMES)
  const json = projectJsonSchema.parse({
    format: PROJECT_JSON_FORMAT,
    version: 1,
    name,
    image: 'source.png',
    mask: 'mask.png',
    prompt: s.prompt,
    characterWords: s.characterWords,
    sourcePose: s.sourcePose,
    keyframes: s.motion.map((pose, frame) => ({ frame, pose })),
    render: fastSettings,
  })
  syncProject(p.store, json, encodePng(s.sourceImage), encodeMaskPng(s.sourceMask!))
  return p.store
}

const renderRequest = (store: ProjectStore) => {
  const project = readRenderProject(store)
  return { setup: project, settings: project.pipeline }
}

/** Copies the outputs of stages 0–2 (content-addressed, so valid in any project with the same inputs). */
function copyUpstream(from: ProjectStore, to: ProjectStore): void {
  for (const prefix of ['prepare/', 'inversion/', 'pacm-source/']) {
    for (const key of from.cache.keysWithPrefix(prefix))
      to.cache.put(key, from.cache.get(key)!, from.cache.info(key)!.parents)
  }
}

const frameItemsDone = (store: ProjectStore) =>
  store.cache.keysWithPrefix('pacm-frame/').filter((k) => k.endsWith('/phis')).length

let referenceStore: ProjectStore
beforeAll(async () => {
  backend = await openTinyBackend()
  referenceStore = projectDb('reference')
  reference = await renderProject({ store: referenceStore, backend }, renderRequest(referenceStore))
})
afterAll(() => {
  projects.forEach((p) => p.cleanup())
  backend?.close()
})

describe('resume', () => {
  it('a render cancelled in the middle of stage 3 resumes to the uninterrupted output', async () => {
    const store = projectDb('cancelled')
    copyUpstream(referenceStore, store)
    const env = { store, backend }
    const controller = new AbortController()
    const onProgress = (p: JobProgress) => {
      if (p.stage === 'pacm-frames' && p.itemsDone === 1) controller.abort()
    }
    const cancelled = renderProject(env, { ...renderRequest(store), signal: controller.signal, onProgress })
    await expect(cancelled).rejects.toBeInstanceOf(CancelledError)
    expect(frameItemsDone(store)).toBe(1)
    expect(store.renders.list()[0].status).toBe('cancelled')

    const resumed = await renderProject(env, renderRequest(store))
    expect(resumed.summary.stages['pacm-frames']).toMatchObject({ computed: FRAMES - 1, reused: 1 })
    expect(resumed.frames).toEqual(reference.frames)
  })

  it('a render whose engine process is SIGKILLed in the middle of stage 3 resumes to the same output', async () => {
    const store = projectDb('killed')
    copyUpstream(referenceStore, store)
    const path = store.path
    store.close()
    let transport: EngineTransport | null = null
    const spawn = forkTransport({ env: { ...process.env, POSEANIMATE_HOME: testHome }, forwardStderr: false })
    const host = new EngineHost<EngineMethods>(() => (transport = spawn()))
    try {
      const params = { path, models: modelFiles(), job: { kind: 'render' } } as const
      const onProgress = (update: { progress: JobProgress } | object) => {
        const p = 'progress' in update ? update.progress : null
        if (p?.stage === 'pacm-frames' && p.itemsDone >= 1) transport?.kill() // SIGKILL
      }
      const crash = await host.call('render.job', params, { onProgress }).catch((e: unknown) => e)
      expect(crash).toBeInstanceOf(EngineError)
      expect((crash as EngineError).code).toBe('crashed')

      const after = ProjectStore.open(path)
      expect(after.integrityCheck()).toBe('ok')
      const done = frameItemsDone(after)
      after.close()
      expect(done).toBeGreaterThanOrEqual(1)
      expect(done).toBeLessThan(FRAMES)

      const resumed = await host.call('render.job', params)
      expect(resumed.summary?.stages['pacm-frames'].reused).toBe(done)
      await host.call('project.close', { path })
      const shown = ProjectStore.open(path)
      expect(latestFrames(shown)).toEqual(reference.frames) // the frames the resumed render shows
      shown.close()
    } finally {
      await host.stop()
    }
  }, 240_000) // a fresh engine process compiles its sessions first: slow on a busy 2-core machine
})
