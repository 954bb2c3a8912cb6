// Hands and face on the rig (decision 0341): finger FK, hands that follow the wrist, the hand library,
// faces on the head, and in-betweens, mirror and saved keys that carry them.
import { describe, expect, it } from 'vitest'
import { rigKeySchema } from '../../document/rigAnimation'
import { fromRigAnimation, rigMotion, rigMotionParts, toRigAnimation } from '../rigAnimation'
import { STANDING_FRONT } from '../testing/samplePoses'
import { sampleParts } from '../timeline/sequence'
import { FACE_EXPRESSIONS } from './face'
import { FINGERS, fingerCurl, handLocalPoints, withFingerCurl } from './hand'
import { HAND_LIBRARY, HAND_POSE_NAMES, REST_HAND } from './handLibrary'
import { quatFromAxisAngle } from './math/quat'
import { distance3, sub3 } from './math/vec3'
import { mirrorPose } from './mirror'
import { forwardKinematics, restPose, withRotation, type RigPose } from './pose'
import { buildRig } from './rig'
import { handWorldPoints, projectParts } from './rigParts'
import { Joint } from './skeleton'

const ASPECT = 1
const rig = buildRig(STANDING_FRONT, ASPECT)
const rest = restPose(rig)
const tip = (finger: number) => 4 + 4 * finger
const withParts = (pose: RigPose, parts: Partial<RigPose>): RigPose => ({ ...pose, ...parts })

/** Lengths of every finger segment (base → tip), in hand-local units. */
function segmentLengths(points: readonly (readonly number[])[]): number[] {
  return [0, 1, 2, 3, 4].flatMap((f) =>
    [0, 1, 2].map((j) => distance3(points[1 + 4 * f + j] as never, points[2 + 4 * f + j] as never)),
  )
}

describe('hand FK', () => {
  it('curls a finger by its control without changing any bone length', () => {
    const open = HAND_LIBRARY.open
    const curled = withFingerCurl(open, 'index', 0.6)
    expect(fingerCurl(curled, 'index')).toBeCloseTo(0.6, 12)
    expect(fingerCurl(curled, 'middle')).toBeCloseTo(0, 12)
    const [a, b] = [handLocalPoints(open), handLocalPoints(curled)]
    segmentLengths(b).forEach((l, i) => expect(l).toBeCloseTo(segmentLengths(a)[i], 12))
    expect(distance3(b[0], b[tip(1)])).toBeLessThan(distance3(a[0], a[tip(1)]) - 0.1)
    expect(b.slice(9)).toEqual(a.slice(9)) // the other fingers did not move
  })

  it('library poses: a fist closes every finger, point leaves the index out, thumbs up the thumb', () => {
    expect(Object.keys(HAND_LIBRARY)).toEqual([...HAND_POSE_NAMES])
    const reach = (name: keyof typeof HAND_LIBRARY) => {
      const p = handLocalPoints(HAND_LIBRARY[name])
      return FINGERS.map((_, f) => distance3(p[0], p[tip(f)]))
    }
    const [open, fist, point, thumbsUp, peace] = [reach('open'), reach('fist'), reach('point'), reach('thumbsUp'), reach('peace')] // prettier-ignore
    fist.forEach((d, f) => expect(d).toBeLessThan(open[f]))
    expect(point[1]).toBeCloseTo(open[1], 1) // straight (open is spread, so not exactly)
    expect(Math.max(...point.slice(2))).toBeLessThan(point[1] - 0.2)
    expect(thumbsUp[0]).toBeCloseTo(open[0], 1)
    expect(peace[1]).toBeCloseTo(open[1], 12)
    expect(peace[2]).toBeCloseTo(open[2], 12)
  })
})

describe('hands on the rig', () => {
  it('hang from the wrist along the forearm, palm to the viewer, thumbs away from the body', () => {
    const world = forwardKinematics(rig, withParts(rest, { hands: { left: REST_HAND, right: REST_HAND } }))
    for (const side of ['right', 'left'] as const) {
      const wrist = side === 'right' ? Joint.RWrist : Joint.LWrist
      const points = handWorldPoints(rig, world, side, HAND_LIBRARY.open)
      expect(points[0]).toEqual(world.positions[wrist])
      expect(points[tip(2)][1]).toBeLessThan(points[0][1]) // fingers point down the hanging arm
      const outwards = side === 'right' ? -1 : 1 // the character's right is on the image's left
      expect(Math.sign(points[tip(0)][0] - points[tip(4)][0])).toBe(outwards)
    }
  })

  it('follow the wrist: turning the elbow carries the hand rigidly', () => {
    const turned = withRotation(rest, Joint.RElbow, quatFromAxisAngle([0, 0, 1], Math.PI / 2))
    const before = handWorldPoints(rig, forwardKinematics(rig, rest), 'right', HAND_LIBRARY.peace)
    const after = handWorldPoints(rig, forwardKinematics(rig, turned), 'right', HAND_LIBRARY.peace)
    expect(distance3(after[0], before[0])).toBeGreaterThan(0.05) // the wrist moved
    for (let i = 1; i < 21; i++) expect(distance3(after[i], after[0])).toBeCloseTo(distance3(before[i], before[0]), 9)
    // a quarter turn of the forearm turns the hand by a quarter turn as well
    const [u, v] = [sub3(before[tip(2)], before[0]), sub3(after[tip(2)], after[0])]
    expect(u[0] * v[0] + u[1] * v[1]).toBeCloseTo(0, 9)
  })

  it('mirror swaps the hands; mirroring twice gives the pose back', () => {
    const pose = withParts(rest, { hands: { left: null, right: HAND_LIBRARY.point }, face: FACE_EXPRESSIONS.smile })
    const mirrored = mirrorPose(rig, pose)
    expect(mirrored.hands).toEqual({ left: HAND_LIBRARY.point, right: null })
    expect(mirrored.face).toEqual(FACE_EXPRESSIONS.smile)
    expect(mirrorPose(rig, mirrored).hands).toEqual(pose.hands)
  })
})

describe('the face on the head', () => {
  it('sits on the nose and rolls with the head', () => {
    const parts = (pose: RigPose) => projectParts(rig, forwardKinematics(rig, pose), pose).face!
    const upright = parts(withParts(rest, { face: FACE_EXPRESSIONS.neutral }))
    expect(upright[30]!.x).toBeCloseTo(STANDING_FRONT[0]!.x, 9)
    expect(upright[30]!.y).toBeCloseTo(STANDING_FRONT[0]!.y, 9)
    const roll = (f: typeof upright) => Math.atan2(f[45]!.y - f[36]!.y, f[45]!.x - f[36]!.x)
    const tilted = parts(withRotation(withParts(rest, { face: FACE_EXPRESSIONS.neutral }), Joint.Head, quatFromAxisAngle([0, 0, 1], 0.3))) // prettier-ignore
    expect(roll(tilted) - roll(upright)).toBeCloseTo(-0.3, 6) // image y points down
  })

  it('expressions move their points: smile lifts the mouth corners, open mouth drops the lower lip', () => {
    const face = (name: keyof typeof FACE_EXPRESSIONS) =>
      projectParts(rig, forwardKinematics(rig, rest), { face: FACE_EXPRESSIONS[name] }).face!
    const [neutral, smile, open, closed] = [face('neutral'), face('smile'), face('openMouth'), face('eyesClosed')]
    expect(smile[48]!.y).toBeLessThan(neutral[48]!.y)
    expect(open[57]!.y).toBeGreaterThan(neutral[57]!.y)
    expect(Math.abs(closed[37]!.y - closed[41]!.y)).toBeLessThan(Math.abs(neutral[37]!.y - neutral[41]!.y) / 3)
  })
})

describe('keys and in-betweens with hands and face', () => {
  const keys = [
    { frame: 0, easing: 'linear' as const, pose: rest },
    {
      frame: 10,
      easing: 'linear' as const,
      pose: withParts(withRotation(rest, Joint.RElbow, quatFromAxisAngle([0, 0, 1], 1)), {
        hands: { left: null, right: HAND_LIBRARY.fist },
        face: FACE_EXPRESSIONS.smile,
      }),
    },
  ]

  it('a hand pose keyed at a later frame curls in from rest over the in-betweens, on the moving wrist', () => {
    const parts = sampleParts(rig, keys, 11)
    expect(parts.every((p) => p.leftHand === null)).toBe(true)
    const reach = parts.map((p) => Math.hypot(p.rightHand![tip(2)]!.x - p.rightHand![0]!.x, p.rightHand![tip(2)]!.y - p.rightHand![0]!.y)) // prettier-ignore
    for (let f = 1; f <= 10; f++) expect(reach[f]).toBeLessThan(reach[f - 1])
    const bodies = rigMotion(STANDING_FRONT, ASPECT, toRigAnimation(11, keys))
    parts.forEach((p, f) => {
      expect(p.rightHand![0]!.x).toBeCloseTo(bodies[f][Joint.RWrist]!.x, 9)
      expect(p.rightHand![0]!.y).toBeCloseTo(bodies[f][Joint.RWrist]!.y, 9)
    })
    const corner = parts.map((p) => p.face![48]!.y)
    for (let f = 1; f <= 10; f++) expect(corner[f]).toBeLessThan(corner[f - 1]) // the smile comes in smoothly
  })

  it('saved keys keep hands and face; body-only keys and old projects stay as they were', () => {
    const saved = toRigAnimation(11, keys)
    expect(saved.keys[0]).not.toHaveProperty('hands')
    expect(saved.keys[1].hands?.right?.flex).toEqual([...HAND_LIBRARY.fist.flex])
    saved.keys.forEach((k) => expect(rigKeySchema.parse(JSON.parse(JSON.stringify(k)))).toEqual(k))
    expect(fromRigAnimation(saved).keys[1].pose.hands).toEqual(keys[1].pose.hands)
    expect(rigMotionParts(STANDING_FRONT, ASPECT, saved)).toHaveLength(11)
    expect(rigMotionParts(STANDING_FRONT, ASPECT, toRigAnimation(11, [keys[0]]))).toEqual([])
  })
})
