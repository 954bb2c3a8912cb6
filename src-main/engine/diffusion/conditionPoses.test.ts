// The poseParts render setting (decision 0340): what ControlNet sees and what the cache keys hash. A
// body-only project keeps the keys it had before hands existed; a change of parts that changes a
// condition image changes exactly the keys that depend on that image.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Pose18 } from '../../../src-preload/api'
import { createGrayImage, createRgbImage } from '../image/rgbImage'
import type { Hand21, PoseParts } from '../pose/fullPose'
import { ProjectStore } from '../store'
import { drawnPose, poseKeyOf } from './conditionPoses'
import { resolveInputs, type Perception, type RenderSetup, type ResolvedInputs } from './inputs'
import { renderKeys } from './keys'
import type { DiffusionBackend } from './models'
import { poseImage } from './prepare'
import { parsePipelineSettings } from './settings'

const dir = mkdtempSync(join(tmpdir(), 'pa-parts-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const pose = (x: number): Pose18 => [{ x, y: 0.5, confidence: 1 }, ...new Array<null>(17).fill(null)]
/** Nose, neck, right arm and left arm: enough for the hands to hang from the wrists. */
const armsPose = (x: number): Pose18 => {
  const p: Pose18 = new Array<null>(18).fill(null)
  const points: [number, number, number][] = [
    [0, x, 0.2], [1, x, 0.35], [2, x - 0.1, 0.35], [3, x - 0.15, 0.5], [4, x - 0.18, 0.65],
    [5, x + 0.1, 0.35], [6, x + 0.15, 0.5], [7, x + 0.18, 0.65],
  ] // prettier-ignore
  for (const [i, px, py] of points) p[i] = { x: px, y: py, confidence: 1 }
  return p
}
/** An open hand at (x, y): the wrist, then five fingers fanning downwards. */
const hand = (x: number, y: number): Hand21 => [
  { x, y, confidence: 1 },
  ...[0, 1, 2, 3, 4].flatMap((f) =>
    [1, 2, 3, 4].map((j) => ({ x: x + (f - 2) * 0.01 * j, y: y + 0.012 * j, confidence: 1 })),
  ),
]
const face = (x: number) =>
  Array.from({ length: 70 }, (_, i) => ({
    x: x - 0.03 + (i % 10) * 0.006,
    y: 0.18 + Math.floor(i / 10) * 0.005,
    confidence: 1,
  }))

const backend = { modelHash: 'm', geometry: { width: 128, height: 128 } } as DiffusionBackend
const base = (poses: Pose18[], poseParts?: PoseParts[]): ResolvedInputs => ({
  image: { width: 2, height: 2, data: new Uint8Array(12) },
  mask: { width: 2, height: 2, data: new Float32Array(4) },
  prompt: 'a robot',
  characterWords: [],
  poses,
  ...(poseParts && { poseParts }),
})
const none: PoseParts = { leftHand: null, rightHand: null, face: null }

describe('cache keys with hands and face', () => {
  const poses = [0.1, 0.2, 0.3].map(pose)
  const settings = parsePipelineSettings({ steps: 2 })

  it('a body-only render keeps the keys it had before poseParts existed', () => {
    // Computed by keys.ts at fd310ec, without decision 0340's code, for these inputs and settings (the
    // pacm-frame and latents keys there differ from b499ce9's by decision 0321's mask method, by design).
    const keys = renderKeys(backend, base(poses), settings)
    expect(keys.prepare).toBe('prepare/b4f793cac43485ad62823af178ea1207')
    expect(keys.frames.slice(1)).toEqual([
      'pacm-frame/fc499029cf2b4880edec3d528323ee02',
      'pacm-frame/6040af2324dcfdfadf36951fb748b28f',
    ])
    expect(keys.latents.at(-1)).toBe('latents/99e93f20f2a94232b6ba0aa025c58591')
    // Parts that are all absent are the body-only render.
    expect(renderKeys(backend, base(poses, [none, none, none]), settings)).toEqual(keys)
  })

  it('a hand drawn on frame 1 changes stage 3 of frame 1 and stage 4 from it on, nothing upstream', () => {
    const before = renderKeys(backend, base(poses), settings)
    const withHand = [none, { ...none, rightHand: hand(0.2, 0.6) }, none]
    const after = renderKeys(backend, base(poses, withHand), settings)
    expect(after.prepare).toBe(before.prepare)
    expect(after.frames.map((k, f) => k !== before.frames[f])).toEqual([false, true, false])
    expect(after.latents.map((k, f) => k !== before.latents[f])).toEqual([false, true, true])
    const onSource = renderKeys(backend, base(poses, [{ ...none, face: face(0.1) }, none, none]), settings)
    expect(onSource.prepare).not.toBe(before.prepare)
  })

  it('draws the parts into the condition image; the body alone as before', () => {
    const inputs = base(poses, [none, { ...none, rightHand: hand(0.2, 0.6) }, none])
    expect(poseKeyOf(inputs, 0)).toEqual(poses[0])
    expect(poseImage(drawnPose(inputs, 0), 64, 64)).toEqual(poseImage(poses[0], 64, 64))
    expect(poseImage(drawnPose(inputs, 1), 64, 64)).not.toEqual(poseImage(poses[1], 64, 64))
  })
})

describe('resolveInputs with the poseParts setting', () => {
  const perception: Perception = {
    detectPose: async () => armsPose(0.5),
    segment: async (image) => createGrayImage(image.width, image.height),
  }
  const store = ProjectStore.create(join(dir, 'parts.poseanim'), { name: 'parts' })
  afterAll(() => store.close())
  const resolve = (setup: Partial<RenderSetup>, s: object) =>
    resolveInputs(
      { sourceImage: createRgbImage(64, 64), prompt: 'a robot', motion: [armsPose(0.5), armsPose(0.52)], ...setup },
      parsePipelineSettings({ frames: 0, modules: { pata: false }, ...s }),
      { width: 64, height: 64 },
      { store, perception: async () => perception },
    )
  const sourceParts: PoseParts = { leftHand: hand(0.68, 0.65), rightHand: hand(0.32, 0.65), face: face(0.5) }
  const withSource = { sourcePose: armsPose(0.5), sourceParts }

  it('by default shows everything when the source has hands or a face', async () => {
    const inputs = await resolve(withSource, {})
    expect(inputs.poseParts?.[0]).toEqual(sourceParts)
  })

  it('body+hands drops the face, body drops every part and keys like a body-only project', async () => {
    const hands = await resolve(withSource, { poseParts: 'body+hands' })
    expect(hands.poseParts?.[0]).toEqual({ ...sourceParts, face: null })
    const body = await resolve(withSource, { poseParts: 'body' })
    expect(body.poseParts).toBeUndefined()
    const plain = await resolve({ sourcePose: armsPose(0.5) }, {})
    expect(plain.poseParts).toBeUndefined()
    const s = parsePipelineSettings({ steps: 2 })
    expect(renderKeys(backend, body, s)).toEqual(renderKeys(backend, plain, s))
    expect(renderKeys(backend, hands, s).prepare).not.toBe(renderKeys(backend, body, s).prepare)
  })

  it('by default also shows hands only the motion has (rig keys); body hides them', async () => {
    const motionParts = [undefined, { ...none, rightHand: hand(0.34, 0.65) }]
    const byDefault = await resolve({ sourcePose: armsPose(0.5), motionParts }, {})
    expect(byDefault.poseParts?.map((p) => p.rightHand !== null)).toEqual([false, false, true])
    const hidden = await resolve({ sourcePose: armsPose(0.5), motionParts }, { poseParts: 'body' })
    expect(hidden.poseParts).toBeUndefined()
  })

  it('loop mode brings hands and face back to the source, and a draft strides poses and parts alike', async () => {
    const raised = armsPose(0.5) // the right arm up: a change PATA cannot take away by moving the body
    raised[3] = { x: 0.36, y: 0.28, confidence: 1 }
    raised[4] = { x: 0.4, y: 0.15, confidence: 1 }
    const moved = { sourcePose: armsPose(0.5), sourceParts, motion: [raised], motionParts: [sourceParts] }
    const once = await resolve(moved, { modules: { pata: true } })
    const looped = await resolve(moved, { modules: { pata: true }, loop: true })
    expect(looped.poses.length).toBeGreaterThan(once.poses.length + 1) // a way back of more than one frame
    expect(looped.poses.slice(0, once.poses.length)).toEqual(once.poses)
    expect(looped.poseParts).toHaveLength(looped.poses.length)
    // Every frame of the way back keeps both hands and the face (both ends have them), ending at the source's.
    const back = looped.poseParts!.slice(once.poses.length)
    expect(back.every((p) => p.leftHand && p.rightHand && p.face)).toBe(true)
    const [last, first] = [back.at(-1)!.rightHand![0]!, sourceParts.rightHand![0]!]
    expect(Math.hypot(last.x - first.x, last.y - first.y)).toBeLessThan(0.05)
    const draft = await resolve(moved, { modules: { pata: true }, loop: true, frameStride: 2 })
    expect(draft.poses).toEqual(looped.poses.filter((_, i) => i % 2 === 0))
    expect(draft.poseParts).toEqual(looped.poseParts!.filter((_, i) => i % 2 === 0))
  })

  it('ignores source parts of a detected pose (detection finds the body alone)', async () => {
    expect((await resolve({ sourceParts }, {})).poseParts).toBeUndefined()
  })
})
