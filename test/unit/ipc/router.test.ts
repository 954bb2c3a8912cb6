// Every renderer message through the real router and the real engine process: bad input gets a
// clear error naming the problem, never reaches the engine, and changes nothing on disk.
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IpcEnvelope, JobProgress, ProjectDetails, ProjectListing } from '../../../src-preload/api'
import { EngineHost } from '../../../src-main/engine/host/client'
import type { EngineMethods } from '../../../src-main/engine/host/handlers'
import { forkTransport } from '../../../src-main/engine/host/transports/node'
import { createStudioRouter } from '../../../src-main/ipc'

const home = mkdtempSync(join(tmpdir(), 'pa-ipc-'))
const libraryDir = join(home, 'projects')
mkdirSync(libraryDir)
const engine = new EngineHost<EngineMethods>(forkTransport({ env: { ...process.env, POSEANIMATE_HOME: home } }))
const events: JobProgress[] = []
const router = createStudioRouter({
  engine,
  emit: (_event, payload) => events.push(payload as JobProgress),
})
const engineCalls: string[] = []
const call = engine.call.bind(engine)
engine.call = ((method, params, options) => {
  engineCalls.push(method)
  return call(method, params, options)
}) as typeof engine.call

afterAll(async () => {
  await engine.stop()
  rmSync(home, { recursive: true, force: true })
})
beforeEach(() => void engineCalls.splice(0))

const snapshot = () =>
  readdirSync(libraryDir)
    .sort()
    .map(
      (f) =>
        `${f}:${createHash('sha256')
          .update(readFileSync(join(libraryDir, f)))
          .digest('hex')}`,
    )

async function ok<T>(channel: string, arg?: unknown): Promise<T> {
  const reply = await router.invoke(channel, arg)
  if (!reply.ok) throw new Error(`${channel} failed: ${reply.error.message}`)
  return reply.value as T
}

async function rejected(channel: unknown, arg: unknown, code: string, message: RegExp): Promise<void> {
  const before = snapshot()
  const reply = (await router.invoke(channel, arg)) as IpcEnvelope<unknown>
  expect(reply).toEqual({ ok: false, error: { code, message: expect.stringMatching(message) } })
  expect(snapshot()).toEqual(before)
}

describe('studio router', () => {
  it('creates, lists, opens and saves projects through the engine', async () => {
    const created = await ok<ProjectDetails>('project.create', { name: 'Hero jump', fps: 24 })
    expect(created).toMatchObject({ projectId: 'hero-jump.poseanim', name: 'Hero jump', settings: { fps: 24 } })
    const again = await ok<ProjectDetails>('project.create', { name: 'Hero jump' })
    expect(again.projectId).toBe('hero-jump-2.poseanim')

    const listing = await ok<ProjectListing>('project.list')
    expect(listing.projects.map((p) => p.projectId).sort()).toEqual(['hero-jump-2.poseanim', 'hero-jump.poseanim'])

    const pose = Array.from({ length: 18 }, (_, i) => (i % 2 ? null : { x: 0.5, y: i / 18, confidence: 0.9 }))
    const saved = await ok<ProjectDetails>('project.saveKeyframes', {
      projectId: 'hero-jump.poseanim',
      keyframes: [{ frame: 0, pose }],
    })
    expect(saved.keyframes).toEqual([{ frame: 0, pose }])
    expect((await ok<ProjectDetails>('project.open', { projectId: 'hero-jump.poseanim' })).keyframeCount).toBe(1)
  })

  it('renames a project, keeping its file and id; a blank name never reaches the engine', async () => {
    const renamed = await ok<ProjectDetails>('project.rename', { projectId: 'hero-jump.poseanim', name: ' Hero leap ' })
    expect(renamed).toMatchObject({ projectId: 'hero-jump.poseanim', name: 'Hero leap', keyframeCount: 1 })
    const listing = await ok<ProjectListing>('project.list')
    expect(listing.projects.find((p) => p.projectId === 'hero-jump.poseanim')?.name).toBe('Hero leap')
    expect(readdirSync(libraryDir)).not.toContain('hero-leap.poseanim')
    await rejected('project.rename', { projectId: 'hero-jump.poseanim', name: '  ' }, 'invalid-argument', /name: must not be empty/) // prettier-ignore
    expect(engineCalls).toEqual(['project.rename', 'project.list'])
    await rejected('project.rename', { projectId: 'gone.poseanim', name: 'X' }, 'user', /No project file at .*gone\.poseanim/) // prettier-ignore
  })

  it('refuses an unknown channel', async () => {
    await rejected(
      'project.delete',
      { projectId: 'hero-jump.poseanim' },
      'unknown-channel',
      /^Unknown channel "project\.delete"\. Known: app\.info, /,
    )
    await rejected(42, undefined, 'unknown-channel', /^Unknown channel 42/)
    expect(engineCalls).toEqual([])
  })

  it('refuses wrong shapes with the field named, before the engine sees them', async () => {
    await rejected(
      'project.create',
      { name: 5 },
      'invalid-argument',
      /^Invalid argument for project\.create: name: Invalid input: expected string, received number$/,
    )
    await rejected('project.create', { name: '  ' }, 'invalid-argument', /name: must not be empty/)
    await rejected('project.create', { name: 'x', path: '/etc' }, 'invalid-argument', /Unrecognized key: "path"/)
    await rejected('project.create', { name: 'x', width: 500 }, 'invalid-argument', /width: must be a multiple of 8/)
    await rejected(
      'project.open',
      { projectId: '../../etc/passwd.poseanim' },
      'invalid-argument',
      /projectId: must be a project file name/,
    )
    await rejected('project.open', { projectId: 'a/b.poseanim' }, 'invalid-argument', /projectId/)
    await rejected('app.info', { verbose: true }, 'invalid-argument', /argument: this call takes no argument/)
    const shortPose = Array.from({ length: 17 }, () => null)
    await rejected(
      'project.saveKeyframes',
      { projectId: 'hero-jump.poseanim', keyframes: [{ frame: 1, pose: shortPose }] },
      'invalid-argument',
      /keyframes\.0\.pose: a pose has exactly 18 OpenPose keypoints/,
    )
    const pose = Array.from({ length: 18 }, () => null)
    await rejected(
      'project.saveKeyframes',
      {
        projectId: 'hero-jump.poseanim',
        keyframes: [
          { frame: 2, pose },
          { frame: 2, pose },
        ],
      },
      'invalid-argument',
      /keyframes\.1\.frame: frame 2 appears twice/,
    )
    // One keypoint bound for every path (decision 0280): saveKeyframes took 1e308 before, savePose did not.
    const farPose = pose.map((k, i) => (i === 3 ? { x: 0.5, y: 1e308, confidence: 1 } : k))
    await rejected(
      'project.saveKeyframes',
      { projectId: 'hero-jump.poseanim', keyframes: [{ frame: 0, pose: farPose }] },
      'invalid-argument',
      /keyframes\.0\.pose\.3\.y: Too big: expected number to be <=2/,
    )
    await rejected(
      'source.savePose',
      { projectId: 'hero-jump.poseanim', pose: farPose },
      'invalid-argument',
      /pose\.3\.y: Too big: expected number to be <=2/,
    )
    expect(engineCalls).toEqual([])
  })

  it('reports a library file that is not a project, leaving it untouched', async () => {
    writeFileSync(join(libraryDir, 'shopping.poseanim'), 'eggs, milk, a 3D rig\n')
    await rejected(
      'project.open',
      { projectId: 'shopping.poseanim' },
      'user',
      /shopping\.poseanim is not a PoseAnimate project: it is a text file/,
    )
    const listing = await ok<ProjectListing>('project.list')
    expect(listing.problems).toEqual([{ projectId: 'shopping.poseanim', error: expect.stringMatching(/text file/) }])
  })

  it('starts a render and reports its outcome as an event; cancel of an unknown job is explained', async () => {
    const { jobId } = await ok<{ jobId: string }>('render.start', { projectId: 'hero-jump.poseanim' })
    await vi.waitFor(() => expect(events.find((e) => e.jobId === jobId && e.state !== 'running')).toBeDefined())
    expect(events.find((e) => e.jobId === jobId)).toMatchObject({
      // The project has no source image or models: the render must fail with a reason, not hang.
      state: 'failed',
      message: expect.stringMatching(/\w{3,}/),
    })
    await rejected('render.cancel', { jobId }, 'user', /No running render job/)
  })
})
