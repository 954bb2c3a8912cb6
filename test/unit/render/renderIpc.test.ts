// render.* and export.* through main's real router and handlers, with a scripted engine and dialogs:
// what is checked before the engine is asked, how engine updates become events, and that the page can
// only export to a place the user chose.
import { describe, expect, it, vi } from 'vitest'
import type { ExportProgress, RenderProgress, RenderSettings, StudioEventName } from '../../../src-preload/api'
import { EngineError } from '../../../src-main/engine/host/protocol'
import { createStudioRouter, type StudioDeps } from '../../../src-main/ipc'
import type { ExportDialogs } from '../../../src-main/ipc/exportDialogs'

const projectId = 'wave.poseanim'
const SETTINGS: RenderSettings = {
  preset: 'final',
  loop: false,
  width: 64,
  height: null,
  steps: 2,
  guidance: 7.5,
  frames: 2,
  innerIterations: 1,
  learningRate: 0.01,
  lambdas: [0.7, 0.15, 0.15],
  chunkSize: 8,
  modules: { pacm: true, dcam: true, mgdm: true, pata: true },
}

type Call = { method: string; params: unknown; onProgress?: (u: unknown) => void; signal?: AbortSignal }

/** An engine whose calls wait until the test settles them. */
function scriptedEngine() {
  const calls: (Call & { resolve(v: unknown): void; reject(e: unknown): void })[] = []
  const engine = {
    call: vi.fn((method: string, params: unknown, options: Omit<Call, 'method' | 'params'> = {}) => {
      return new Promise((resolve, reject) => calls.push({ method, params, ...options, resolve, reject }))
    }),
  }
  return { engine, calls }
}

function setup(exportDialogs?: ExportDialogs) {
  const { engine, calls } = scriptedEngine()
  const events: { name: StudioEventName; payload: unknown }[] = []
  const emit = (name: StudioEventName, payload: unknown) => void events.push({ name, payload })
  const deps = { engine, emit, exportDialogs }
  const router = createStudioRouter(deps as unknown as StudioDeps)
  const ok = async (channel: string, arg: unknown) => {
    const reply = await router.invoke(channel, arg)
    if (!reply.ok) throw new Error(`${channel}: ${reply.error.message}`)
    return reply.value as never
  }
  return { router, calls, events, ok }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('render channels', () => {
  it('refuses bad settings and frames before the engine is asked', async () => {
    const { router, calls } = setup()
    const bad = await router.invoke('render.saveSettings', { projectId, settings: { ...SETTINGS, width: 100 } })
    expect(bad).toEqual({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/settings\.width: must be a multiple of 64/) } }) // prettier-ignore
    const frame = await router.invoke('render.rerenderFrame', { projectId, frame: -1 })
    expect(frame).toMatchObject({ ok: false, error: { code: 'invalid-argument', message: expect.stringMatching(/frame/) } }) // prettier-ignore
    const path = await router.invoke('render.frames', { projectId: '../../etc/passwd.poseanim' })
    expect(path).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(calls).toEqual([])
  })

  it('runs one job per project, turns engine updates into events and reports a cancel in words', async () => {
    const { router, calls, events, ok } = setup()
    const { jobId } = await ok('render.rerenderFrame', { projectId, frame: 3 })
    expect(calls[0]).toMatchObject({ method: 'render.job', params: { projectId, job: { kind: 'frame', frame: 3 } } }) // prettier-ignore
    const second = await router.invoke('render.start', { projectId })
    expect(second).toEqual({ ok: false, error: { code: 'user', message: expect.stringMatching(/already running/) } })

    calls[0].onProgress!({ progress: { jobId: 'engine-id', stage: 'decode', state: 'running' } })
    const image = { frame: 3, width: 64, height: 64, imageId: 'x', dataUrl: 'data:image/png;base64,' }
    calls[0].onProgress!({ frame: image })
    expect(events.map((e) => e.name)).toEqual(['render.progress', 'render.frame'])
    expect(events[0].payload).toMatchObject({ jobId, projectId, kind: 'frame', stage: 'decode' })
    expect(events[1].payload).toEqual({ jobId, projectId, image })

    await ok('render.cancel', { jobId })
    expect(calls[0].signal!.aborted).toBe(true)
    calls[0].reject(new EngineError('cancelled', 'render.job was cancelled.'))
    await flush()
    const last = events.at(-1)!.payload as RenderProgress
    expect(last).toMatchObject({ jobId, state: 'cancelled', message: 'The render was cancelled.' })
    await ok('render.rerenderStale', { projectId }) // the project is free again
  })
})

describe('export channels', () => {
  const dialogs = () => ({ savePath: vi.fn(), reveal: vi.fn() })

  it('asks main for the place, completes the extension, and names targets by id only', async () => {
    const d = dialogs()
    const { router, calls, ok } = setup(d)
    d.savePath.mockResolvedValueOnce('/home/me/Videos/wave').mockResolvedValueOnce('/home/me/frames.v2').mockResolvedValueOnce(null) // prettier-ignore
    const video = await ok('export.chooseTarget', { projectId, format: 'mp4' })
    expect(video).toMatchObject({ format: 'mp4', path: '/home/me/Videos/wave.mp4', targetId: expect.any(String) })
    expect(d.savePath).toHaveBeenCalledWith({ format: 'mp4', suggestedName: 'wave.mp4' })
    expect(await ok('export.chooseTarget', { projectId, format: 'png' })).toMatchObject({ path: '/home/me/frames.v2/' })
    expect(await ok('export.chooseTarget', { projectId, format: 'gif' })).toBeNull()

    const forged = await router.invoke('export.start', { projectId, targetId: crypto.randomUUID(), fps: 12 })
    expect(forged).toEqual({ ok: false, error: { code: 'user', message: expect.stringMatching(/choose where to save again/) } }) // prettier-ignore
    const { targetId } = video as { targetId: string }
    const pathArg = await router.invoke('export.start', { projectId, targetId, fps: 12, out: '/etc/cron.d/x' })
    expect(pathArg).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect(calls).toEqual([])
  })

  it('streams progress, reports success or the engine’s message, and reveals the file', async () => {
    const d = dialogs()
    const { calls, events, ok } = setup(d)
    d.savePath.mockResolvedValue('/home/me/wave.mp4')
    const { targetId } = await ok('export.chooseTarget', { projectId, format: 'mp4' })
    const { jobId } = await ok('export.start', { projectId, targetId, fps: 8, width: 128 })
    expect(calls[0]).toMatchObject({
      method: 'export.frames',
      params: { projectId, out: '/home/me/wave.mp4', fps: 8, width: 128 },
    })
    calls[0].onProgress!({ itemsDone: 2, itemsTotal: 5, fraction: 0.4 })
    const file = { format: 'mp4', path: '/home/me/wave.mp4', frames: 5, width: 128, height: 128, fps: 8, bytes: 9, seconds: 1 } // prettier-ignore
    calls[0].resolve(file)
    await flush()
    const progress = events.map((e) => e.payload as ExportProgress)
    expect(progress.map((p) => [p.state, p.framesDone, p.framesTotal])).toEqual([
      ['running', 2, 5],
      ['done', 5, 5],
    ])
    expect(progress[1]).toMatchObject({ jobId, targetId, file: { path: '/home/me/wave.mp4', frames: 5 } })
    expect(progress[1].file).not.toHaveProperty('seconds')
    expect(await ok('export.reveal', { targetId })).toEqual({ path: '/home/me/wave.mp4' })
    expect(d.reveal).toHaveBeenCalledWith('/home/me/wave.mp4')

    await ok('export.start', { projectId, targetId, fps: 8 })
    const message = 'Cannot write /home/me/wave.mp4: the folder is read-only or you may not write there.'
    calls[1].reject(new EngineError('user', message))
    await flush()
    expect(events.at(-1)!.payload).toMatchObject({ state: 'failed', message })
  })

  it('says so when this window has no save dialog', async () => {
    const { router } = setup()
    expect(await router.invoke('export.chooseTarget', { projectId, format: 'webm' })).toEqual({
      ok: false,
      error: { code: 'user', message: 'Exporting needs a save dialog, which this window does not have.' },
    })
  })
})
