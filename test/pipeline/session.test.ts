// One render session per job: a session opens from the model's identity alone (geometry and modelHash;
// no network runs until a render computes something), and a whole studio job on it (list the stale
// frames, render them while watching frames arrive, read the frame states, re-render one frame)
// resolves the project's inputs exactly once.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { OnnxDiffusionBackend } from '../../src-main/engine/diffusion/backend'
import { resolveInputs } from '../../src-main/engine/diffusion/inputs'
import type { DiffusionBackend } from '../../src-main/engine/diffusion/models'
import { RenderSession, staleFrames } from '../../src-main/engine/diffusion/pipeline'
import { fastSettings, openTinyBackend, setup, tempProject } from './fixture'

// Counts the calls and runs the real function.
vi.mock('../../src-main/engine/diffusion/inputs', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/engine/diffusion/inputs')>()
  return { ...real, resolveInputs: vi.fn(real.resolveInputs) }
})
const resolveCalls = vi.mocked(resolveInputs)

// PACM off: the job's shape is under test, not the method, and it spares the gradient graph.
const settings = { ...fastSettings, modules: { pata: false, pacm: false } }
const FRAMES = 2
let backend: OnnxDiffusionBackend
let project: ReturnType<typeof tempProject>

beforeAll(async () => {
  backend = await openTinyBackend()
  project = tempProject('session')
})
afterAll(() => {
  project?.cleanup()
  backend?.close()
})

/** A backend that has only the model's identity: any other use throws. */
function identityOnly(b: DiffusionBackend): DiffusionBackend {
  return new Proxy({} as DiffusionBackend, {
    get: (_, name) => {
      if (name === 'geometry') return b.geometry
      if (name === 'modelHash') return b.modelHash
      throw new Error(`opening a session used backend.${String(name)}`)
    },
  })
}

describe('render session', () => {
  it('opens, lists stale frames and frame states with the model identity alone', async () => {
    const session = await RenderSession.open(
      { store: project.store, backend: identityOnly(backend) },
      setup(FRAMES),
      settings,
    )
    expect(session.frameCount).toBe(FRAMES + 1)
    expect(session.staleFrames()).toEqual([0, 1, 2])
    expect(session.frameStates().map((f) => f.state)).toEqual(['missing', 'missing', 'missing'])
    expect(session.readyFrame(1)).toBeUndefined()
  })

  it('one job resolves the inputs once, however many calls it makes', async () => {
    const env = { store: project.store, backend }
    resolveCalls.mockClear()
    const session = await RenderSession.open(env, setup(FRAMES), settings)
    const stale = session.staleFrames()
    expect(stale).toEqual([0, 1, 2])
    const announced: number[] = []
    const watch = () => stale.forEach((f) => !announced.includes(f) && session.readyFrame(f) && announced.push(f))
    const { summary } = await session.render(stale, { onProgress: watch })
    expect(announced.sort()).toEqual(stale) // every frame was seen in the cache while the job ran
    expect(summary.stale).toEqual([])
    expect(session.frameStates().map((f) => f.state)).toEqual(['current', 'current', 'current'])
    const again = await session.rerender(1)
    expect(again.summary.computed).toBe(0)
    expect(resolveCalls).toHaveBeenCalledTimes(1)

    // The one-call functions open a session each: the count sees every resolution.
    expect(await staleFrames(env, { setup: setup(FRAMES), settings })).toEqual([])
    expect(resolveCalls).toHaveBeenCalledTimes(2)
  })
})
