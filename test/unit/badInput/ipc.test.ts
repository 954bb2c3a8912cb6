// Bad renderer messages through the real router and a real engine process: each is refused with an
// error code and a message naming the problem, and no file in the project library changes.
import Database from 'better-sqlite3'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import type { IpcEnvelope } from '../../../src-preload/api'
import { EngineHost } from '../../../src-main/engine/host/client'
import type { EngineMethods } from '../../../src-main/engine/host/handlers'
import { forkTransport } from '../../../src-main/engine/host/transports/node'
import { ProjectStore } from '../../../src-main/engine/store'
import { createStudioRouter } from '../../../src-main/ipc'
import { snapshot } from './harness'

const home = mkdtempSync(join(tmpdir(), 'pa-bad-ipc-'))
const libraryDir = join(home, 'projects')
mkdirSync(libraryDir)
const engine = new EngineHost<EngineMethods>(forkTransport({ env: { ...process.env, POSEANIMATE_HOME: home } }))
const router = createStudioRouter({ engine, emit: () => {} })
afterAll(async () => {
  await engine.stop()
  rmSync(home, { recursive: true, force: true })
})

function libraryProject(name: string): string {
  const path = join(libraryDir, name)
  const store = ProjectStore.create(path, { name: 'Library project' })
  store.cache.put('big', { dtype: 'float32', shape: [16 * 1024], data: new Float32Array(16 * 1024) })
  store.close()
  return path
}

interface IpcCase {
  name: string
  channel: unknown
  arg: unknown
  /** Prepares the library (runs before the snapshot). */
  setup?(): void
  code: string
  message: RegExp
}

const pose = Array.from({ length: 18 }, () => null)

const CASES: IpcCase[] = [
  {
    name: 'ipc: unknown channel',
    channel: 'project.delete',
    arg: {},
    code: 'unknown-channel',
    message: /Unknown channel "project\.delete"/,
  },
  {
    name: 'ipc: channel is not a string',
    channel: 42,
    arg: undefined,
    code: 'unknown-channel',
    message: /Unknown channel 42/,
  },
  {
    name: 'ipc: a path smuggled into project.create',
    channel: 'project.create',
    arg: { name: 'x', path: '/etc' },
    code: 'invalid-argument',
    message: /Unrecognized key: "path"/,
  },
  {
    name: 'ipc: a blank project name',
    channel: 'project.create',
    arg: { name: '   ' },
    code: 'invalid-argument',
    message: /name: must not be empty/,
  },
  {
    name: 'ipc: a width that is not a multiple of 8',
    channel: 'project.create',
    arg: { name: 'x', width: 500 },
    code: 'invalid-argument',
    message: /width: must be a multiple of 8/,
  },
  {
    name: 'ipc: a projectId climbing out of the library',
    channel: 'project.open',
    arg: { projectId: '../../etc/passwd.poseanim' },
    code: 'invalid-argument',
    message: /projectId: must be a project file name/,
  },
  {
    name: 'ipc: an argument to a call that takes none',
    channel: 'app.info',
    arg: { verbose: true },
    code: 'invalid-argument',
    message: /this call takes no argument/,
  },
  {
    name: 'ipc: a pose with 17 keypoints',
    channel: 'project.saveKeyframes',
    arg: { projectId: 'a.poseanim', keyframes: [{ frame: 1, pose: pose.slice(1) }] },
    code: 'invalid-argument',
    message: /a pose has exactly 18 OpenPose keypoints/,
  },
  {
    name: 'ipc: one frame keyed twice',
    channel: 'project.saveKeyframes',
    arg: {
      projectId: 'a.poseanim',
      keyframes: [
        { frame: 2, pose },
        { frame: 2, pose },
      ],
    },
    code: 'invalid-argument',
    message: /frame 2 appears twice/,
  },
  {
    name: 'ipc: opening a text file in the library',
    channel: 'project.open',
    arg: { projectId: 'shopping.poseanim' },
    setup: () => writeFileSync(join(libraryDir, 'shopping.poseanim'), 'eggs, milk\n'),
    code: 'user',
    message: /shopping\.poseanim is not a PoseAnimate project: it is a text file/,
  },
  {
    name: 'ipc: opening a truncated project',
    channel: 'project.open',
    arg: { projectId: 'cut.poseanim' },
    setup: () => truncateSync(libraryProject('cut.poseanim'), 8192),
    code: 'user',
    message: /cut\.poseanim is truncated/,
  },
  {
    name: 'ipc: opening a project of a newer version',
    channel: 'project.open',
    arg: { projectId: 'future.poseanim' },
    setup: () => {
      const db = new Database(libraryProject('future.poseanim'))
      db.pragma('journal_mode = DELETE')
      db.pragma('user_version = 999')
      db.close()
    },
    code: 'user',
    message: /written by a newer PoseAnimate Studio/,
  },
  {
    name: 'ipc: opening a symbolic link that loops',
    channel: 'project.open',
    arg: { projectId: 'loop.poseanim' },
    setup: () => symlinkSync('loop.poseanim', join(libraryDir, 'loop.poseanim')),
    code: 'user',
    message: /loop\.poseanim is a symbolic link that loops back on itself/,
  },
]

it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
  c.setup?.()
  const before = snapshot(libraryDir)
  const reply = (await router.invoke(c.channel, c.arg)) as IpcEnvelope<unknown>
  expect(reply).toEqual({ ok: false, error: { code: c.code, message: expect.stringMatching(c.message) } })
  expect(snapshot(libraryDir)).toEqual(before)
})
