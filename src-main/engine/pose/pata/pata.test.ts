// PATA properties on seeded random poses (with and without missing joints, square and wide canvases).
import { describe, expect, it } from 'vitest'
import { randomPose, seededRandom } from '../../../../test/unit/pose/randomPose'
import { UserError } from '../../errors'
import { emptyPose, type Pose18 } from '../openpose'
import { loopBack, runPata } from './pata'
import { distance, PARENT, toPixels, type Canvas } from './skeleton'

const canvases: Canvas[] = [
  { width: 512, height: 512 },
  { width: 768, height: 432 },
]
const rand = seededRandom(7)
const trials = Array.from({ length: 60 }, (_, i) => ({
  canvas: canvases[i % 2],
  source: randomPose(rand, { missing: i % 3 === 2 ? 0.2 : 0 }),
  motion: Array.from({ length: 4 }, () => randomPose(rand, { missing: i % 3 === 1 ? 0.2 : 0 })),
}))

const px = (pose: Pose18, c: Canvas) => toPixels(pose, c).points
const torso = (pose: Pose18, c: Canvas) => {
  const p = px(pose, c)
  return distance(p[1]!, { x: (p[8]!.x + p[11]!.x) / 2, y: (p[8]!.y + p[11]!.y) / 2 })
}
const complete = (pose: Pose18) => pose.every((k) => k !== null)

describe('runPata', () => {
  it('starts with the source pose itself and ends with the whole aligned motion', () => {
    for (const { canvas, source, motion } of trials) {
      const result = runPata(source, motion, canvas)
      expect(result.poses[0]).toBe(source)
      expect(result.poses).toHaveLength(1 + result.transitionFrames + motion.length)
      expect(result.poses.flat().every((k) => k === null || (Number.isFinite(k.x) && Number.isFinite(k.y)))).toBe(true)
    }
  })

  it('aligns the first target pose to the source torso length and neck position', () => {
    for (const { canvas, source, motion } of trials.filter((t) => complete(t.source) && complete(t.motion[0]))) {
      const result = runPata(source, motion, canvas)
      const first = result.poses[1 + result.transitionFrames]
      expect(torso(first, canvas) / torso(source, canvas)).toBeCloseTo(1, 9)
      expect(px(first, canvas)[1]!.x).toBeCloseTo(px(source, canvas)[1]!.x, 9)
      expect(px(first, canvas)[1]!.y).toBeCloseTo(px(source, canvas)[1]!.y, 9)
    }
  })

  it('applies one similarity to every frame, so the motion keeps its own travel', () => {
    for (const { canvas, source, motion } of trials.slice(0, 20)) {
      const result = runPata(source, motion, canvas)
      const aligned = result.poses.slice(1 + result.transitionFrames)
      const s = result.alignment.scale
      aligned.forEach((pose, f) =>
        pose.forEach((k, j) => {
          if (!k) return expect(motion[f][j]).toBeNull()
          expect(k.x * canvas.width).toBeCloseTo(
            s * motion[f][j]!.x * canvas.width + result.alignment.offsetX * canvas.width,
            6,
          )
        }),
      )
    }
  })

  it('never shortens a bone below the shorter of its two end states during the transition', () => {
    for (const { canvas, source, motion } of trials) {
      const result = runPata(source, motion, canvas)
      const [a, b] = [px(source, canvas), px(result.poses[1 + result.transitionFrames], canvas)]
      for (const frame of result.poses.slice(1, 1 + result.transitionFrames).map((p) => px(p, canvas))) {
        for (let j = 0; j < 18; j++) {
          const parent = PARENT[j]
          const bone = (points: typeof a) => {
            const [p, q] = parent < 0 ? [null, null] : [points[j], points[parent]]
            return p && q ? distance(p, q) : null
          }
          const [la, lb, now] = [bone(a), bone(b), bone(frame)]
          if (la === null || lb === null || now === null) continue
          expect(now).toBeGreaterThanOrEqual(Math.min(la, lb) - 1e-9)
        }
      }
    }
  })

  it('keeps every joint within the per-frame motion bound through the transition', () => {
    for (const { canvas, source, motion } of trials) {
      const maxJointStep = 0.015
      const result = runPata(source, motion, { ...canvas, maxJointStep, maxTransitionFrames: 400 })
      expect(result.stepBoundMet).toBe(true)
      const bound = maxJointStep * Math.max(canvas.width, canvas.height)
      const frames = result.poses.slice(0, 2 + result.transitionFrames).map((p) => px(p, canvas))
      for (let f = 1; f < frames.length; f++) {
        frames[f].forEach((p, j) => {
          const q = frames[f - 1][j]
          if (p && q) expect(distance(p, q)).toBeLessThanOrEqual(bound + 1e-9)
        })
      }
      // Fewest frames: one fewer would break the bound (unless none were needed).
      if (result.transitionFrames > 0) {
        const shorter = runPata(source, motion, {
          ...canvas,
          maxJointStep,
          transitionFrames: result.transitionFrames - 1,
        })
        expect(shorter.stepBoundMet).toBe(false)
      }
    }
  })

  it('keeps joints missing at both ends missing, and shows one-sided joints for their half', () => {
    const source = randomPose(seededRandom(3))
    const target = randomPose(seededRandom(4))
    source[4] = target[4] = null // right wrist: in neither
    source[7] = null // left wrist: only in the target
    const result = runPata(source, [target], { width: 512, height: 512, transitionFrames: 9 })
    const between = result.poses.slice(1, 10)
    expect(between.every((p) => p[4] === null)).toBe(true)
    expect(between.map((p) => p[7] !== null)).toEqual([false, false, false, false, true, true, true, true, true])
  })

  it('retargets every bone to the character length while keeping its direction', () => {
    const source = randomPose(seededRandom(11))
    const target = randomPose(seededRandom(12))
    const canvas = { width: 640, height: 480 }
    const result = runPata(source, [target], { ...canvas, retargetBones: true })
    const [s, out, t] = [px(source, canvas), px(result.poses.at(-1)!, canvas), px(target, canvas)]
    for (let j = 0; j < 18; j++) {
      const parent = PARENT[j]
      if (parent < 0) continue
      expect(distance(out[j]!, out[parent]!)).toBeCloseTo(distance(s[j]!, s[parent]!), 6)
      const cross =
        (out[j]!.x - out[parent]!.x) * (t[j]!.y - t[parent]!.y) -
        (out[j]!.y - out[parent]!.y) * (t[j]!.x - t[parent]!.x)
      expect(Math.abs(cross)).toBeLessThan(1e-6)
    }
  })

  it('can be switched off, and refuses poses it cannot align', () => {
    const pose = randomPose(seededRandom(5))
    expect(runPata(pose, [pose], { width: 64, height: 64, enabled: false }).poses).toEqual([pose, pose])
    expect(() => runPata(emptyPose(), [pose], { width: 64, height: 64 })).toThrow(UserError)
    expect(() => runPata(pose, [], { width: 64, height: 64 })).toThrow(/no frames/)
    expect(() => runPata(pose, [emptyPose()], { width: 64, height: 64 })).toThrow(/at least two keypoints/)
  })
})

describe('loopBack (loop mode)', () => {
  it('eases from the last pose back to the first within the step bound, without repeating either end', () => {
    const canvas = { width: 512, height: 512 }
    const first = randomPose(seededRandom(3))
    const last = first.map((k) => (k ? { ...k, x: k.x + 0.2 } : k))
    const back = loopBack([first, first, last], { ...canvas, maxJointStep: 0.02 })
    expect(back.length).toBeGreaterThanOrEqual(9) // 0.2 of the width at ≤ 0.02 per frame
    const joint = first.findIndex((k) => k !== null)
    const xs = [last, ...back, first].map((p) => p[joint]!.x)
    for (let i = 1; i < xs.length; i++) {
      expect(xs[i]).toBeLessThan(xs[i - 1])
      expect(Math.abs(xs[i] - xs[i - 1])).toBeLessThanOrEqual(0.02 + 1e-9)
    }
    expect(loopBack([first], canvas)).toEqual([])
  })
})
