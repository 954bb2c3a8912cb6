// The real engine entry (source, through tsx) with its real methods, as the CLI and main use it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EngineHost } from '../../../src-main/engine/host/client'
import type { EngineMethods } from '../../../src-main/engine/host/handlers'
import { forkTransport } from '../../../src-main/engine/host/transports/node'

const home = mkdtempSync(join(tmpdir(), 'pa-engine-'))
const host = new EngineHost<EngineMethods>(forkTransport({ env: { ...process.env, POSEANIMATE_HOME: home } }))
afterAll(async () => {
  await host.stop()
  rmSync(home, { recursive: true, force: true })
})

describe('engine methods', () => {
  it('creates, lists, edits and reopens projects', async () => {
    const dir = join(home, 'projects')
    const path = join(dir, 'dance.poseanim')
    const created = await host.call('project.create', { path, name: 'Dance', fps: 8 })
    expect(created).toMatchObject({ projectId: 'dance.poseanim', name: 'Dance', keyframeCount: 0, settings: { fps: 8, width: 512 } }) // prettier-ignore

    writeFileSync(join(dir, 'broken.poseanim'), 'not a project')
    const listed = await host.call('project.list', { dir })
    expect(listed).toEqual({
      projects: [expect.objectContaining({ projectId: 'dance.poseanim', name: 'Dance' })],
      problems: [
        {
          projectId: 'broken.poseanim',
          error: expect.stringMatching(/is not a PoseAnimate project: it is a text file/),
        },
      ],
    })
    expect(await host.call('project.list', undefined)).toEqual(listed) // the library: <home>/projects

    const pose = Array.from({ length: 18 }, () => null)
    const saved = await host.call('project.saveKeyframes', { path, keyframes: [{ frame: 3, pose }] })
    expect(saved.keyframeCount).toBe(1)
    await host.call('project.close', { path })
    expect((await host.call('project.open', { path })).keyframes).toEqual([{ frame: 3, pose }])
  })

  it('finds a project by its library id as by its path, and refuses an id that leaves the library', async () => {
    const byId = await host.call('project.open', { projectId: 'dance.poseanim' })
    expect(byId).toEqual(await host.call('project.open', { path: join(home, 'projects', 'dance.poseanim') }))
    await expect(host.call('project.open', { projectId: '../notes.poseanim' })).rejects.toMatchObject({
      code: 'user',
      message: expect.stringMatching(/is not a project of the library/),
    })
  })

  it('checks the project file and says what a render is missing', async () => {
    const bad = join(home, 'notes.poseanim')
    writeFileSync(bad, 'hello')
    await expect(host.call('render.job', { path: bad, job: { kind: 'render' } })).rejects.toMatchObject({
      code: 'user',
      message: expect.stringMatching(/is not a PoseAnimate project/),
    })
    const path = join(home, 'projects', 'dance.poseanim')
    await expect(host.call('render.job', { path, job: { kind: 'render' } })).rejects.toMatchObject({
      code: 'user',
      message: expect.stringMatching(/has no source image: import the character image first/),
    })
  })

  it('reports versions, providers and paths', async () => {
    const info = await host.call('app.info', undefined)
    expect(info.versions.onnxruntime).toMatch(/^\d+\.\d+\.\d+/)
    expect(info.versions.sqlite).toMatch(/^3\.\d+/)
    expect(info.executionProviders.find((p) => p.name === 'cpu')).toMatchObject({ available: true })
    expect(info.paths.projects).toBe(join(home, 'projects'))
  })
})
