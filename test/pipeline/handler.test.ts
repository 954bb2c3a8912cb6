// render.job, the one render entry point, reports what the user can fix as user errors (code 'user' over the host).
import { afterAll, describe, expect, it } from 'vitest'
import { PROJECT_JSON_FORMAT, projectJsonSchema } from '../../src-main/engine/project/projectJson'
import { syncProject } from '../../src-main/engine/project/importProject'
import { createEngineContext } from '../../src-main/engine/host/context'
import { renderJobMethods } from '../../src-main/engine/host/handlers/renderJob'
import { serializeError } from '../../src-main/engine/host/protocol'
import type { MethodContext } from '../../src-main/engine/host/registry'
import { encodePng } from '../../src-main/engine/image/encode'
import { fastSettings, modelFiles, setup, tempProject, testHome } from './fixture'

const project = tempProject('handler')
const s = setup(2)
const json = projectJsonSchema.parse({
  format: PROJECT_JSON_FORMAT,
  version: 1,
  name: 'handler',
  image: 'source.png',
  prompt: s.prompt,
  sourcePose: s.sourcePose,
  keyframes: s.motion.map((pose, frame) => ({ frame, pose })),
  render: fastSettings,
})
syncProject(project.store, json, encodePng(s.sourceImage))
project.store.close()
const engine = createEngineContext({ POSEANIMATE_HOME: testHome })
const ctx = { signal: new AbortController().signal, progress: () => {}, engine } as MethodContext<never>
afterAll(() => {
  engine.projects.closeAll()
  project.cleanup()
})

const failure = async (run: () => unknown) => {
  const err = await Promise.resolve()
    .then(run)
    .then(
      () => null,
      (e: unknown) => e,
    )
  return serializeError(err, 'render')
}

const renderJob = renderJobMethods['render.job']
const all = { kind: 'render' } as const

describe('render.job', () => {
  it('a missing checkpoint, a project without a model and a frame out of range are user errors', async () => {
    const params = { path: project.path, models: { checkpoint: '/nowhere/v1-5.safetensors' }, job: all }
    expect(await failure(() => renderJob.run(params, ctx))).toMatchObject({
      code: 'user',
      message: '/nowhere/v1-5.safetensors does not exist.',
    })
    expect(await failure(() => renderJob.run({ path: project.path, job: all }, ctx))).toMatchObject({
      code: 'user',
      message: expect.stringMatching(/names no model/),
    })
    const frame = { path: project.path, models: modelFiles(), job: { kind: 'frame', frame: 9 } } as const
    expect(await failure(() => renderJob.run(frame, ctx))).toMatchObject({
      code: 'user',
      message: 'Frame 9 does not exist: the animation has frames 0–2.',
    })
  })
})
