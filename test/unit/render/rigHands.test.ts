// Issue 15's flow on the engine (decisions 0340, 0341): a project edited by rig keys only, with a hand pose
// from the library keyed at a later frame (and a smile), rendered by render.job with the demo model at a
// tiny size. The hands and face reach the condition images and so the frames' keys: the frames render,
// the source frame is keyed as a body-only project's, and the poseParts setting moves exactly the keys of
// the frames whose condition image it changes. Writes the condition images and the last frame to
// test-artifacts/hands15/ for the closing note.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pose18, RenderSettings, RigAnimation } from '../../../src-preload/api'
import { FACE_EXPRESSIONS } from '../../../src-preload/motion/rig/face'
import { HAND_LIBRARY } from '../../../src-preload/motion/rig/handLibrary'
import { quatFromAxisAngle } from '../../../src-preload/motion/rig/math/quat'
import { restPose, withRotation } from '../../../src-preload/motion/rig/pose'
import { buildRig } from '../../../src-preload/motion/rig/rig'
import { Joint } from '../../../src-preload/motion/rig/skeleton'
import { rigMotion, rigMotionParts, toRigAnimation } from '../../../src-preload/motion/rigAnimation'
import { EngineHost } from '../../../src-main/engine/host/client'
import type { EngineMethods } from '../../../src-main/engine/host/handlers'
import { forkTransport } from '../../../src-main/engine/host/transports/node'
import { decodeImage } from '../../../src-main/engine/image/decode'
import { encodePng } from '../../../src-main/engine/image/encode'
import { renderFullPoseImage, renderPoseImage } from '../../../src-main/engine/pose/draw'
import { DEMO_DIR } from '../demo/fastDemo'

const home = join(tmpdir(), 'poseanimate-rig-motion-home') // shares compiled graphs with rigMotion.test.ts
mkdirSync(home, { recursive: true })
const work = mkdtempSync(join(home, 'hands-'))
const artifacts = join(process.cwd(), 'test-artifacts', 'hands15')
const host = new EngineHost<EngineMethods>(forkTransport({ env: { ...process.env, POSEANIMATE_HOME: home } }))
afterAll(async () => {
  await host.stop()
  rmSync(work, { recursive: true, force: true })
})

const demo = JSON.parse(readFileSync(join(DEMO_DIR, 'project.json'), 'utf8'))
const sourcePose: Pose18 = demo.sourcePose
const ASPECT = 1 // the demo image is 256 × 256
const rig = buildRig(sourcePose, ASPECT)

/** Keys at 0 (the source pose) and 4 (right forearm raised, a peace sign, a smile): the hand is keyed later. */
function handWave(): RigAnimation {
  // The upper arm swings in a little and the forearm folds up across the chest, keeping the hand in view.
  const inwards = withRotation(restPose(rig), Joint.RShoulder, quatFromAxisAngle([0, 0, -1], -0.3))
  const raised = withRotation(inwards, Joint.RElbow, quatFromAxisAngle([0, 0, -1], -1))
  return toRigAnimation(24, [
    { frame: 0, pose: restPose(rig), easing: 'easeInOut' },
    {
      frame: 4,
      pose: { ...raised, hands: { left: null, right: HAND_LIBRARY.peace }, face: FACE_EXPRESSIONS.smile },
      easing: 'linear',
    },
  ])
}

async function project(name: string, animation: RigAnimation): Promise<string> {
  const path = join(work, `${name}.poseanim`)
  await host.call('project.create', { path, name, fps: demo.fps })
  await host.call('source.importFile', { path, file: join(DEMO_DIR, demo.image) })
  await host.call('source.savePose', { path, pose: sourcePose })
  await host.call('source.saveText', { path, prompt: demo.prompt, characterWords: demo.characterWords })
  await host.call('models.useDemo', { path })
  const settings: RenderSettings = await host.call('render.settings', { path })
  const small = { width: 64, height: 64, steps: 2, frames: 0, innerIterations: 1 }
  await host.call('render.saveSettings', { path, settings: { ...settings, ...small, modules: { ...settings.modules, pacm: false } } }) // prettier-ignore
  await host.call('animation.save', { path, ...animation })
  return path
}

const frameStates = async (path: string) => (await host.call('render.frames', { path })).frames.map((f) => f.state)
async function setParts(path: string, poseParts: RenderSettings['poseParts']) {
  const settings: RenderSettings = await host.call('render.settings', { path })
  await host.call('render.saveSettings', { path, settings: { ...settings, poseParts } })
}

describe('a hand pose keyed on the rig, rendered with the demo model', () => {
  let path: string
  let count: number

  beforeAll(async () => {
    path = await project('hands', handWave())
    await host.call('render.job', { path, job: { kind: 'render' } })
    count = (await host.call('render.frames', { path })).frames.length
  }, 240_000)

  it('renders every frame, and the hands and face move the keys of the frames that draw them only', async () => {
    expect(await frameStates(path)).toEqual(new Array(count).fill('current'))
    expect(count).toBeGreaterThanOrEqual(6)
    await setParts(path, 'body') // the condition images lose the hands and face
    const bodyOnly = await frameStates(path)
    expect(bodyOnly[0]).toBe('current') // the source pose has no hands: its image and keys are unchanged
    expect(bodyOnly.at(-1)).toBe('stale')
    await setParts(path, 'body+hands') // the face goes, the hands stay: still another image
    expect((await frameStates(path)).at(-1)).toBe('stale')
    await setParts(path, null) // by the poses: full again, the rendered frames are current again
    expect(await frameStates(path)).toEqual(new Array(count).fill('current'))

    mkdirSync(artifacts, { recursive: true })
    const last = await host.call('render.frameImage', { path, frame: count - 1 })
    writeFileSync(join(artifacts, 'rendered-last-frame.png'), Buffer.from(last.dataUrl.split(',')[1], 'base64'))
  }, 240_000)

  it('previews the hands in PATA: aligned and transitioned with the body, each on its wrist', async () => {
    const preview = await host.call('pata.preview', { path })
    expect(preview.parts).toHaveLength(preview.poses.length)
    const last = preview.parts!.length - 1
    expect(preview.parts![0].rightHand).toBeNull() // the source pose has no hands
    expect(preview.parts![last].rightHand).not.toBeNull()
    expect(preview.parts![last].face).not.toBeNull()
    preview.parts!.forEach((p, f) => {
      if (!p.rightHand) return
      expect(p.rightHand[0]!.x).toBeCloseTo(preview.poses[f][Joint.RWrist]!.x, 6)
      expect(p.rightHand[0]!.y).toBeCloseTo(preview.poses[f][Joint.RWrist]!.y, 6)
    })
  })

  it('draws the in-betweened hand into the condition images (written under test-artifacts/hands15)', () => {
    const animation = handWave()
    const bodies = rigMotion(sourcePose, ASPECT, animation)
    const parts = rigMotionParts(sourcePose, ASPECT, animation)
    expect(parts).toHaveLength(bodies.length)
    mkdirSync(artifacts, { recursive: true })
    bodies.forEach((body, f) => {
      const image = renderFullPoseImage([{ body, ...parts[f] }], 256, 256)
      expect(image).not.toEqual(renderPoseImage([body], 256, 256))
      writeFileSync(join(artifacts, `condition-frame${f}.png`), encodePng(image))
    })
    const source = decodeImage(readFileSync(join(DEMO_DIR, demo.image)), 'demo').image
    expect([source.width, source.height]).toEqual([256, 256])
  })
})
