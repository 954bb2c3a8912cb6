// PATA with hands and face on seeded random bodies: the parts take the body's alignment, ride along with
// bone retargeting, and in the transition stay rigid and on their wrist / nose.
import { describe, expect, it } from 'vitest'
import { randomPose, seededRandom } from '../../../../test/unit/pose/randomPose'
import { FACE_KEYPOINT_COUNT, HAND_KEYPOINT_COUNT, type FullPose } from '../fullPose'
import type { Keypoint, Pose18 } from '../openpose'
import { runPata } from './pata'
import { largestPartStep, runFullPata } from './pataFull'
import { distance, type Canvas, type Vec } from './skeleton'

const canvas: Canvas = { width: 768, height: 432 }

/** Pixel offsets of a hand from its wrist: five fingers fanned upwards, four joints each. */
const HAND: Vec[] = Array.from({ length: HAND_KEYPOINT_COUNT }, (_, i) => {
  if (i === 0) return { x: 0, y: 0 }
  const [finger, joint] = [Math.floor((i - 1) / 4), ((i - 1) % 4) + 1]
  const angle = -Math.PI / 2 + (finger - 2) * 0.35
  return { x: (4 + 7 * joint) * Math.cos(angle), y: (4 + 7 * joint) * Math.sin(angle) }
})
/** Pixel offsets of a face from the nose: points on a rough oval, some above and some below the nose. */
const FACE: Vec[] = Array.from({ length: FACE_KEYPOINT_COUNT }, (_, i) => ({
  x: 18 * Math.cos(i * 0.9) + (i % 7),
  y: 22 * Math.sin(i * 0.9) - 4,
}))

/** The template turned by `angle` about `at` (pixels), as normalised keypoints. */
function place(template: Vec[], at: Vec, angle: number): Keypoint[] {
  const [c, s] = [Math.cos(angle), Math.sin(angle)]
  return template.map((p) => ({
    x: (at.x + p.x * c - p.y * s) / canvas.width,
    y: (at.y + p.x * s + p.y * c) / canvas.height,
    confidence: 1,
  }))
}

const px = (k: Keypoint): Vec => ({ x: k!.x * canvas.width, y: k!.y * canvas.height })

function dressed(body: Pose18, rand: () => number): FullPose {
  return {
    body,
    leftHand: place(HAND, px(body[7]), rand() * 6.3),
    rightHand: place(HAND, px(body[4]), rand() * 6.3),
    face: place(FACE, px(body[0]), rand() - 0.5),
  }
}

/** The same body with both forearms swung about the elbows: same torso, so PATA's scale is 1. */
function swingArms(body: Pose18, turn: number): Pose18 {
  const out = body.map((k) => k && { ...k })
  for (const [elbow, wrist] of [
    [3, 4],
    [6, 7],
  ]) {
    const [e, w] = [px(body[elbow]), px(body[wrist])]
    const [c, s] = [Math.cos(turn), Math.sin(turn)]
    const [dx, dy] = [w.x - e.x, w.y - e.y]
    out[wrist] = {
      x: (e.x + dx * c - dy * s) / canvas.width,
      y: (e.y + dx * s + dy * c) / canvas.height,
      confidence: 1,
    }
  }
  return out
}

/** Largest change of any pairwise distance between two point sets (0 = congruent). */
function rigidError(a: Vec[], b: Vec[]): number {
  let worst = 0
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++)
      worst = Math.max(worst, Math.abs(distance(a[i], a[j]) - distance(b[i], b[j])))
  }
  return worst
}

describe('runFullPata', () => {
  const rand = seededRandom(21)
  const trials = Array.from({ length: 12 }, () => ({
    source: dressed(randomPose(rand), rand),
    motion: [dressed(randomPose(rand), rand), dressed(randomPose(rand), rand)],
  }))

  it('moves the bodies as runPata does for the same transition length, starting with the source itself', () => {
    for (const { source, motion } of trials) {
      const result = runFullPata(source, motion, canvas)
      const bodies = motion.map((m) => m.body)
      expect(result.poses[0]).toBe(source)
      expect(result.transitionFrames).toBeGreaterThanOrEqual(runPata(source.body, bodies, canvas).transitionFrames)
      const body = runPata(source.body, bodies, { ...canvas, transitionFrames: result.transitionFrames })
      expect(result.poses.map((p) => p.body)).toEqual(body.poses)
    }
  })

  it('lengthens the transition until hand and face points also respect the per-frame bound, no further', () => {
    for (const { source, motion } of trials) {
      const maxJointStep = 0.015
      const result = runFullPata(source, motion, { ...canvas, maxJointStep, maxTransitionFrames: 400 })
      const bound = maxJointStep * Math.max(canvas.width, canvas.height)
      const transition = result.poses.slice(0, 2 + result.transitionFrames)
      expect(result.stepBoundMet).toBe(true)
      expect(largestPartStep(transition, canvas)).toBeLessThanOrEqual(bound + 1e-9)
      const bodyOnly = runPata(
        source.body,
        motion.map((m) => m.body),
        { ...canvas, maxJointStep, maxTransitionFrames: 400 },
      )
      if (result.transitionFrames > bodyOnly.transitionFrames) {
        const shorter = runFullPata(source, motion, {
          ...canvas,
          maxJointStep,
          transitionFrames: result.transitionFrames - 1,
        })
        expect(largestPartStep(shorter.poses.slice(0, 1 + result.transitionFrames), canvas)).toBeGreaterThan(bound)
      }
    }
  })

  it('gives hands and face the body alignment, and carries them with their joint under retargeting', () => {
    for (const { source, motion } of trials) {
      for (const retargetBones of [false, true]) {
        const result = runFullPata(source, motion, { ...canvas, retargetBones })
        const { scale } = result.alignment
        motion.forEach((target, f) => {
          const out = result.poses[1 + result.transitionFrames + f]
          for (const [part, joint] of [
            ['leftHand', 7],
            ['rightHand', 4],
            ['face', 0],
          ] as const) {
            const [anchorOut, anchorIn] = [px(out.body[joint]), px(target.body[joint])]
            out[part]!.forEach((k, i) => {
              const p = px(target[part]![i])
              expect(px(k).x - anchorOut.x).toBeCloseTo(scale * (p.x - anchorIn.x), 6)
              expect(px(k).y - anchorOut.y).toBeCloseTo(scale * (p.y - anchorIn.y), 6)
            })
          }
        })
      }
    }
  })

  it('keeps each hand rigid and on its wrist, and the face rigid about the nose, through the transition', () => {
    const r = seededRandom(5)
    for (let trial = 0; trial < 10; trial++) {
      const source = dressed(randomPose(r), r)
      const target = dressed(swingArms(source.body, 1 + r()), r)
      const result = runFullPata(source, [target], { ...canvas, transitionFrames: 12 })
      expect(result.alignment.scale).toBeCloseTo(1, 12)
      for (const pose of result.poses.slice(1, 13)) {
        for (const [part, joint, template] of [
          ['leftHand', 7, HAND],
          ['rightHand', 4, HAND],
          ['face', 0, FACE],
        ] as const) {
          const anchor = px(pose.body[joint])
          const points = pose[part]!.map(px)
          expect(rigidError([anchor, ...points], [{ x: 0, y: 0 }, ...template])).toBeLessThan(1e-6)
        }
        expect(distance(px(pose.leftHand![0]), px(pose.body[7]))).toBeLessThan(1e-6)
      }
    }
  })

  it('turns a hand the shortest way round, eased like the body (halfway at the middle frame)', () => {
    const r = seededRandom(13)
    const source = dressed(randomPose(r), r)
    const target = dressed(swingArms(source.body, 0.6), r)
    const direction = (hand: Keypoint[]) => Math.atan2(px(hand[9]).y - px(hand[0]).y, px(hand[9]).x - px(hand[0]).x)
    const [start, end] = [direction(source.leftHand!), direction(target.leftHand!)]
    let turn = end - start
    turn -= 2 * Math.PI * Math.round(turn / (2 * Math.PI))
    const middle = runFullPata(source, [target], { ...canvas, transitionFrames: 9 }).poses[5]
    const halfway = direction(middle.leftHand!) - (start + turn / 2)
    expect(Math.abs(halfway - 2 * Math.PI * Math.round(halfway / (2 * Math.PI)))).toBeLessThan(1e-9)
  })

  it('shows a hand only one end has for the half of the transition nearer that end, on its wrist', () => {
    const r = seededRandom(9)
    const source = { ...dressed(randomPose(r), r), rightHand: null }
    const target = { ...dressed(swingArms(source.body, 0.8), r), face: null }
    const between = runFullPata(source, [target], { ...canvas, transitionFrames: 9 }).poses.slice(1, 10)
    expect(between.map((p) => p.rightHand !== null)).toEqual([false, false, false, false, true, true, true, true, true])
    expect(between.map((p) => p.face !== null)).toEqual([true, true, true, true, false, false, false, false, false])
    for (const pose of between.filter((p) => p.rightHand)) {
      expect(rigidError(pose.rightHand!.map(px), HAND)).toBeLessThan(1e-6)
      expect(distance(px(pose.rightHand![0]), px(pose.body[4]))).toBeLessThan(1e-6)
    }
  })

  it('passes full poses through untouched when switched off', () => {
    const { source, motion } = trials[0]
    expect(runFullPata(source, motion, { ...canvas, enabled: false }).poses).toEqual([source, ...motion])
  })
})
