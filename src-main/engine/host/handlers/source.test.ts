// The source/pose/PATA engine methods on real project files and a real photo (no engine process: the
// methods run in-process with a minimal context, as the engine would run them).
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Pose18, SourceState } from '../../../../src-preload/api'
import { parsePipelineSettings } from '../../diffusion/settings'
import { PoseDetector } from '../../pose/detect/detectPose'
import { PersonSegmenter } from '../../pose/detect/segmentPerson'
import { poseMethods } from './pose'
import { sourceMethods } from './source'
import { useInProcessEngine } from './testing/inProcessEngine'

const { home, engine, call } = useInProcessEngine('pa-source-', { ...sourceMethods, ...poseMethods })

const photos = resolve(__dirname, '../../../../test/fixtures/pose/photos')
const photo = (name: string) => readFileSync(join(photos, name)).toString('base64')

function newProject(name: string): string {
  const path = join(home, `${name}.poseanim`)
  engine.projects.create(path, { name })
  return path
}

describe('source methods', () => {
  it('imports a photo, detects its pose and mask, and keeps edits across a reopen', async () => {
    const path = newProject('shorts')
    const imported = await call<SourceState>('source.importImageBytes', {
      path,
      name: 'Shorts.jpg',
      dataBase64: photo('Shorts.jpg'),
    })
    expect(imported.image).toMatchObject({ name: 'Shorts.jpg', width: 167, height: 250 })
    expect(imported.pose).toBeNull()

    const detections = vi.spyOn(PoseDetector.prototype, 'detectOrNull')
    const segmentations = vi.spyOn(PersonSegmenter.prototype, 'segment')
    const detected = await call<SourceState>('source.detectPose', { path })
    expect(detected.poseOrigin).toBe('detected')
    expect(detected.pose!.filter(Boolean).length).toBeGreaterThanOrEqual(12)
    const neck = detected.pose![1]!
    expect(neck.x).toBeGreaterThan(0.5) // the man stands right of centre (hand label ≈ 0.61, 0.25)
    expect(neck.y).toBeLessThan(0.35)

    const masked = await call<SourceState>('source.segmentMask', { path })
    expect(masked.mask).toMatchObject({ width: 167, height: 250 })
    // The pose just detected seeds the mask's refinement: the segmenter does not detect it again.
    expect(segmentations.mock.calls[0][1]).toEqual({ pose: detected.pose })
    expect(detections).toHaveBeenCalledTimes(1)
    vi.restoreAllMocks()
    const mask = await call<{ width: number; height: number; valuesBase64: string }>('source.mask', { path })
    const values = Buffer.from(mask.valuesBase64, 'base64')
    const at = (x: number, y: number) => values[Math.round(y * 250) * 167 + Math.round(x * 167)]
    expect(at(neck.x, neck.y + 0.1)).toBeGreaterThan(128) // chest: character
    expect(at(0.05, 0.05)).toBeLessThan(128) // corner: background

    // A brush edit: erase the left half.
    for (let y = 0; y < 250; y++) values.fill(0, y * 167, y * 167 + 83)
    await call('source.saveMask', { path, width: 167, height: 250, valuesBase64: values.toString('base64') })
    const moved: Pose18 = detected.pose!.map((k, j) => (j === 4 && k ? { ...k, x: 0.2, y: 0.2 } : k))
    await call('source.savePose', { path, pose: moved })
    await call('source.saveText', { path, prompt: 'A man in shorts on a lawn', characterWords: ['man', 'dog'] })

    engine.projects.close(path)
    const reopened = await call<SourceState>('source.get', { path })
    expect(reopened).toMatchObject({
      poseOrigin: 'edited',
      prompt: 'A man in shorts on a lawn',
      characterWords: ['man'],
    })
    expect(reopened.pose![4]).toMatchObject({ x: 0.2, y: 0.2 })
    const again = await call<{ valuesBase64: string }>('source.mask', { path })
    expect(Buffer.from(again.valuesBase64, 'base64').equals(values)).toBe(true)
  })

  it('refuses what is not an image, naming it, and changes nothing', async () => {
    const path = newProject('refusals')
    const notes = Buffer.from('just some notes').toString('base64')
    await expect(call('source.importImageBytes', { path, name: 'notes.txt', dataBase64: notes })).rejects.toThrow(
      'notes.txt is not a PNG or JPEG image.',
    )
    expect((await call<SourceState>('source.get', { path })).image).toBeNull()
    await expect(call('source.importFile', { path, file: join(home, 'missing.png') })).rejects.toThrow(
      /missing\.png does not exist/,
    )
    await expect(call('source.detectPose', { path })).rejects.toThrow('Import a character image first.')
    await expect(call('source.savePose', { path, pose: Array(18).fill(null) })).rejects.toThrow(/Import a character/)
  })

  it('says when nobody is in the picture, and keeps the image', async () => {
    const path = newProject('cat')
    await call('source.importImageBytes', { path, name: 'chelsea.jpg', dataBase64: photo('chelsea.jpg') })
    await expect(call('source.detectPose', { path })).rejects.toThrow(
      /No person was found .* Place the skeleton by hand/,
    )
    expect((await call<SourceState>('source.get', { path })).image?.name).toBe('chelsea.jpg')
  })

  it('keeps pose and mask for the same picture and drops them for another; refuses a mask of the wrong size', async () => {
    const path = newProject('swap')
    await call('source.importImageBytes', { path, name: 'a.jpg', dataBase64: photo('Shorts.jpg') })
    const pose: Pose18 = Array.from({ length: 18 }, (_, j) => ({ x: 0.5, y: j / 20, confidence: 1 }))
    await call('source.savePose', { path, pose })
    const same = await call<SourceState>('source.importImageBytes', {
      path,
      name: 'copy.jpg',
      dataBase64: photo('Shorts.jpg'),
    })
    expect(same.pose).toEqual(pose)
    await expect(
      call('source.saveMask', { path, width: 10, height: 10, valuesBase64: Buffer.alloc(100).toString('base64') }),
    ).rejects.toThrow("The mask is 10×10 but this image's mask is 167×250")
    const other = await call<SourceState>('source.importImageBytes', {
      path,
      name: 'g.jpg',
      dataBase64: photo('grace_hopper.jpg'),
    })
    expect(other).toMatchObject({ pose: null, poseOrigin: null, mask: null })
    expect(other.image?.name).toBe('g.jpg')
  })
})

describe('PATA preview', () => {
  const kp = (x: number, y: number) => ({ x, y, confidence: 1 })
  const standing: Pose18 = [
    kp(0.5, 0.2), kp(0.5, 0.3), kp(0.42, 0.3), kp(0.4, 0.45), kp(0.39, 0.6), kp(0.58, 0.3), kp(0.6, 0.45),
    kp(0.61, 0.6), kp(0.45, 0.6), kp(0.45, 0.78), kp(0.45, 0.95), kp(0.55, 0.6), kp(0.55, 0.78), kp(0.55, 0.95),
    null, null, null, null,
  ] // prettier-ignore
  /** The standing pose with the right forearm raised, at another place and size in the image. */
  const waving = (dx: number, scale: number): Pose18 =>
    standing
      .map((k, j) => (j === 4 && k ? { ...k, x: 0.36, y: 0.3 } : k))
      .map((k) => k && { ...k, x: 0.5 + (k.x - 0.5) * scale + dx, y: 0.5 + (k.y - 0.5) * scale })

  it('says what is missing, previews the aligned motion with its transition, and saves options the render reads', async () => {
    const path = newProject('pata')
    await call('source.importImageBytes', { path, name: 'a.jpg', dataBase64: photo('Shorts.jpg') })
    await call('source.savePose', { path, pose: standing })
    await expect(call('pata.preview', { path })).rejects.toThrow(
      'There is no motion yet: key a pose on the timeline first.',
    )

    const store = engine.projects.get(path)
    store.keyframes.replaceAll([0, 1, 2, 3].map((frame) => ({ frame, pose: waving(0.2 + frame * 0.01, 0.5) })))
    const preview = await call<{ poses: Pose18[]; transitionFrames: number; alignment: { scale: number } }>(
      'pata.preview',
      { path },
    )
    expect(preview.poses).toHaveLength(1 + preview.transitionFrames + 4)
    expect(preview.poses[0]).toEqual(standing)
    expect(preview.transitionFrames).toBeGreaterThan(0)
    expect(preview.alignment.scale).toBeCloseTo(2, 1) // the half-size motion is scaled up to the character

    const fixed = { retargetBones: true, maxJointStep: 0.05, transitionFrames: 3 }
    const tried = await call<{ transitionFrames: number }>('pata.preview', { path, options: fixed })
    expect(tried.transitionFrames).toBe(3)
    await call('pata.saveOptions', { path, options: fixed })
    expect(parsePipelineSettings(store.document.fields().pipeline).pata).toEqual(fixed)
    expect((await call<{ transitionFrames: number }>('pata.preview', { path })).transitionFrames).toBe(3)
    await expect(call('pata.saveOptions', { path, options: { ...fixed, maxJointStep: 0 } })).rejects.toThrow(
      /pata\.maxJointStep/,
    )
  })

  it('round-trips the rig animation', async () => {
    const path = newProject('rig')
    expect(await call('animation.get', { path })).toBeNull()
    const animation = {
      frameCount: 30,
      keys: [{ frame: 8, easing: 'linear', root: [0, 0, 0], rotations: [], lengths: [] }],
    }
    await call('animation.save', { path, ...animation })
    engine.projects.close(path)
    expect(await call('animation.get', { path })).toEqual(animation)
  })
})
