// One motion (docs/decisions/0260), on the demo image and model at a tiny render through the real engine
// process: a project edited only by rig keys, built with the methods the studio calls,
//   - renders the same frames from the studio's path (render.job) and from `poseanimate render`;
//   - after one key is edited, has the same frames stale as the same project on the old path, where the
//     studio also wrote the sampled pose of every frame to the keyframes table and the engine rendered that.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Keyframe, Pose18, RenderFrameList, RenderSettings, RigAnimation } from '../../../src-preload/api'
import { quatFromAxisAngle } from '../../../src-preload/motion/rig/math/quat'
import { restPose, withRotation } from '../../../src-preload/motion/rig/pose'
import { buildRig } from '../../../src-preload/motion/rig/rig'
import { Joint } from '../../../src-preload/motion/rig/skeleton'
import { fromRigAnimation, toRigAnimation } from '../../../src-preload/motion/rigAnimation'
import { sampleSequence } from '../../../src-preload/motion/timeline/sequence'
import { EngineHost } from '../../../src-main/engine/host/client'
import type { EngineMethods } from '../../../src-main/engine/host/handlers'
import { forkTransport } from '../../../src-main/engine/host/transports/node'
import { decodeImage } from '../../../src-main/engine/image/decode'
import { runCliCaptured } from '../cli/harness'
import { DEMO_DIR } from '../demo/fastDemo'

// Compiled graphs and the generated demo model persist between runs (keyed by content); projects do not.
const home = join(tmpdir(), 'poseanimate-rig-motion-home')
mkdirSync(home, { recursive: true })
const work = mkdtempSync(join(home, 'work-'))
const host = new EngineHost<EngineMethods>(forkTransport({ env: { ...process.env, POSEANIMATE_HOME: home } }))
const savedHome = process.env.POSEANIMATE_HOME
beforeAll(() => void (process.env.POSEANIMATE_HOME = home)) // the CLI's engine uses the same home
afterAll(async () => {
  await host.stop()
  if (savedHome === undefined) delete process.env.POSEANIMATE_HOME
  else process.env.POSEANIMATE_HOME = savedHome
  rmSync(work, { recursive: true, force: true })
})

const demo = JSON.parse(readFileSync(join(DEMO_DIR, 'project.json'), 'utf8'))
const sourcePose: Pose18 = demo.sourcePose
const ASPECT = 1 // the demo image is 256 × 256
const rig = buildRig(sourcePose, ASPECT)

/** Keys at frames 0, 2 and 4: the source pose, the right arm half raised, then the forearm bent by `bend`. */
function armWave(bend: number): RigAnimation {
  const half = withRotation(restPose(rig), Joint.RShoulder, quatFromAxisAngle([0, 0, -1], Math.PI / 4))
  const bent = withRotation(half, Joint.RElbow, quatFromAxisAngle([0, 0, -1], bend))
  return toRigAnimation(24, [
    { frame: 0, pose: restPose(rig), easing: 'easeInOut' },
    { frame: 2, pose: half, easing: 'easeInOut' },
    { frame: 4, pose: bent, easing: 'linear' },
  ])
}

/** What the studio wrote to the keyframes table before decision 0260: every sampled frame, first key to last. */
function sampledKeyframes(animation: RigAnimation): Keyframe[] {
  const { keys, frameCount } = fromRigAnimation(animation)
  const [first, last] = [keys[0].frame, keys[keys.length - 1].frame]
  return sampleSequence(rig, keys, frameCount)
    .slice(first, last + 1)
    .map((pose, i) => ({ frame: first + i, pose }))
}

/** A project made as the studio makes one: image, pose, mask, prompt, demo model, small settings, rig keys. */
async function studioProject(name: string, animation: RigAnimation): Promise<string> {
  const path = join(work, `${name}.poseanim`)
  await host.call('project.create', { path, name, fps: demo.fps })
  await host.call('source.importFile', { path, file: join(DEMO_DIR, demo.image) })
  await host.call('source.savePose', { path, pose: sourcePose })
  const mask = decodeImage(readFileSync(join(DEMO_DIR, demo.mask)), 'mask').image
  const values = Buffer.from(Array.from({ length: mask.width * mask.height }, (_, i) => mask.data[i * 3]))
  await host.call('source.saveMask', { path, width: mask.width, height: mask.height, valuesBase64: values.toString('base64') }) // prettier-ignore
  await host.call('source.saveText', { path, prompt: demo.prompt, characterWords: demo.characterWords })
  await host.call('models.useDemo', { path })
  const settings: RenderSettings = await host.call('render.settings', { path })
  // PACM off: its gradient graph's session takes ~40 s here; this is about which poses the frames get.
  const small = { width: 64, height: 64, steps: 2, frames: 0, innerIterations: 1 }
  await host.call('render.saveSettings', { path, settings: { ...settings, ...small, modules: { ...settings.modules, pacm: false } } }) // prettier-ignore
  await host.call('animation.save', { path, ...animation })
  return path
}

/** A closed copy of a project file (the engine checkpoints and closes it first). */
async function copyProject(from: string, name: string): Promise<string> {
  await host.call('project.close', { path: from })
  const to = join(work, `${name}.poseanim`)
  copyFileSync(from, to)
  return to
}

const states = (list: RenderFrameList) => list.frames.map((f) => f.state)
const frameStates = async (path: string) => states(await host.call('render.frames', { path }))
const frameImages = async (path: string, count: number) =>
  Promise.all(Array.from({ length: count }, async (_, frame) => (await host.call('render.frameImage', { path, frame })).dataUrl)) // prettier-ignore

describe('a motion stored as rig keys only', () => {
  let studio: string
  let cli: string
  let count: number

  beforeAll(async () => {
    studio = await studioProject('studio', armWave(Math.PI / 4))
    cli = await copyProject(studio, 'cli')
    await host.call('render.job', { path: studio, job: { kind: 'render' } })
    count = (await host.call('render.frames', { path: studio })).frames.length
  }, 240_000)

  it('renders the same frames from the CLI as from the studio', async () => {
    expect(await frameStates(studio)).toEqual(new Array(count).fill('current'))
    expect(count).toBeGreaterThanOrEqual(6) // frame 0, any PATA transition, then the 5 frames of the motion
    const { code, stdout, stderr } = await runCliCaptured(['render', cli, '--json'])
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, frames: count })
    expect(await frameImages(cli, count)).toEqual(await frameImages(studio, count))
  }, 240_000)

  it('makes the same frames stale after a key edit as the old path of sampled poses did', async () => {
    const old = await copyProject(studio, 'old-path')
    await host.call('project.saveKeyframes', { path: old, keyframes: sampledKeyframes(armWave(Math.PI / 4)) })
    expect(await host.call('animation.get', { path: old })).toBeNull() // the sampled table is its only motion
    expect(await frameStates(old)).toEqual(await frameStates(studio)) // same motion, same frame keys: all current

    // Bend the forearm further at the last key: frames 3 (an in-between) and 4 of the motion change.
    const edited = armWave(Math.PI / 2)
    await host.call('animation.save', { path: studio, ...edited })
    await host.call('project.saveKeyframes', { path: old, keyframes: sampledKeyframes(edited) })
    const stale = await frameStates(studio)
    expect(stale).toEqual(await frameStates(old))
    expect(stale.slice(0, count - 2).every((s) => s === 'current')).toBe(true)
    expect(stale.slice(count - 2)).toEqual(['stale', 'stale'])
  }, 120_000)
})
