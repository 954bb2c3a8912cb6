// Inverse kinematics for dragging joints. Hands and feet use the analytic two-bone solution
// (shoulder-elbow-wrist, hip-knee-ankle) with a pole vector; other joints and degenerate limbs use FABRIK.
// With lengths locked no bone changes length; unlocked, bones stretch to reach what is out of reach.

import { aimBone } from './aim'
import { rotateVec3, type Quat } from './math/quat'
import {
  add3,
  anyOrthogonal3,
  distance3,
  dot3,
  length3,
  lerp3,
  normalize3,
  reject3,
  scale3,
  sub3,
  type Vec3,
  ZERO3,
} from './math/vec3'
import { forwardKinematics, withLength, type RigPose } from './pose'
import type { Rig } from './rig'
import { Joint, RIG_PARENTS, ROOT_JOINT } from './skeleton'

export interface IkOptions {
  readonly lengthsLocked: boolean
  /** World point the middle joint should bend towards; defaults to where it already bends. */
  readonly pole?: Vec3
}

/** How a drag on each joint moves the rig. */
export type DragRule =
  | { readonly kind: 'twoBone'; readonly chain: readonly [number, number, number] }
  | { readonly kind: 'chain'; readonly chain: readonly number[] }
  | { readonly kind: 'translate' }

export function dragRuleFor(joint: number): DragRule {
  const twoBone: Partial<Record<number, readonly [number, number, number]>> = {
    [Joint.RWrist]: [Joint.RShoulder, Joint.RElbow, Joint.RWrist],
    [Joint.LWrist]: [Joint.LShoulder, Joint.LElbow, Joint.LWrist],
    [Joint.RAnkle]: [Joint.RHip, Joint.RKnee, Joint.RAnkle],
    [Joint.LAnkle]: [Joint.LHip, Joint.LKnee, Joint.LAnkle],
  }
  const chain = twoBone[joint]
  if (chain) return { kind: 'twoBone', chain }
  if (joint === ROOT_JOINT || joint === Joint.Spine || joint === Joint.RHip || joint === Joint.LHip) {
    return { kind: 'translate' }
  }
  return { kind: 'chain', chain: [RIG_PARENTS[joint], joint] }
}

/** Where a bent limb's middle joint goes when the limb is straight and gives no hint: elbows back, knees forward. */
const BEND_HINT: Partial<Record<number, Vec3>> = {
  [Joint.RElbow]: [0, 0, -1],
  [Joint.LElbow]: [0, 0, -1],
  [Joint.RKnee]: [0, 0, 1],
  [Joint.LKnee]: [0, 0, 1],
}

/** Move `joint` towards `target` (world) by the rule for that joint. */
export function dragJoint(rig: Rig, pose: RigPose, joint: number, target: Vec3, opts: IkOptions): RigPose {
  const rule = dragRuleFor(joint)
  if (rule.kind === 'translate') {
    if (!opts.lengthsLocked && joint !== ROOT_JOINT && joint !== Joint.Spine)
      return stretchBone(rig, pose, joint, target)
    const current = forwardKinematics(rig, pose).positions[joint]
    return { ...pose, root: add3(pose.root, sub3(target, current)) }
  }
  if (rule.kind === 'twoBone') return solveTwoBoneIk(rig, pose, rule.chain, target, opts)
  if (!opts.lengthsLocked) return stretchBone(rig, pose, joint, target)
  return solveChainIk(rig, pose, rule.chain, target)
}

/**
 * Analytic two-bone IK. With a = root, b = middle, target t at distance D and bone lengths l1, l2, the law of
 * cosines puts b at angle A from the line a→t, cos A = (l1² + D² − l2²) / (2·l1·D), on the pole's side.
 */
export function solveTwoBoneIk(
  rig: Rig,
  pose: RigPose,
  chain: readonly [number, number, number],
  target: Vec3,
  opts: IkOptions,
): RigPose {
  const [root, mid, end] = chain
  const world = forwardKinematics(rig, pose)
  const [a, b, c] = chain.map((j) => world.positions[j])
  let [l1, l2] = [pose.lengths[mid], pose.lengths[end]]
  const reachDistance = distance3(target, a)
  if (!opts.lengthsLocked && reachDistance > l1 + l2 && l1 + l2 > 1e-12) {
    const stretch = reachDistance / (l1 + l2)
    ;[l1, l2] = [l1 * stretch, l2 * stretch]
    pose = withLength(withLength(pose, mid, l1), end, l2)
  }
  if (l1 < 1e-9 || l2 < 1e-9) return solveChainIk(rig, pose, chain, target)
  const axis = normalize3(sub3(target, a), normalize3(sub3(c, a)))
  const d = Math.min(Math.max(reachDistance, Math.abs(l1 - l2)), l1 + l2)
  const cosA = d < 1e-12 ? 1 : Math.min(1, Math.max(-1, (l1 * l1 + d * d - l2 * l2) / (2 * l1 * d)))
  const currentBend = opts.pole ? sub3(opts.pole, a) : reject3(sub3(b, a), normalize3(sub3(c, a)))
  const bend = bendDirection(axis, currentBend, mid, world.rotations[root])
  const midTarget = add3(a, add3(scale3(axis, l1 * cosA), scale3(bend, l1 * Math.sqrt(1 - cosA * cosA))))
  const bent = aimBone(rig, pose, root, mid, midTarget)
  return aimBone(rig, bent, mid, end, add3(a, scale3(axis, d)))
}

/**
 * Unit vector ⟂ axis on the side the limb bends to now (or towards the pole). A straight limb has no side,
 * so it takes its default bend, turned with the body.
 */
function bendDirection(axis: Vec3, bendHint: Vec3, mid: number, rootWorld: Quat): Vec3 {
  const fromPole = length3(bendHint) > 1e-9 ? reject3(bendHint, axis) : ZERO3
  if (length3(fromPole) > 1e-9 * Math.max(1, length3(bendHint))) return normalize3(fromPole)
  const hint = BEND_HINT[mid]
  const fromHint = hint ? reject3(rotateVec3(rootWorld, hint), axis) : ZERO3
  return length3(fromHint) > 1e-9 ? normalize3(fromHint) : anyOrthogonal3(axis)
}

/** FABRIK on a chain of joint positions (first fixed, last the effector). Returns the new positions. */
export function fabrik(points: readonly Vec3[], target: Vec3, iterations = 64, tolerance = 1e-9): Vec3[] {
  const lengths = points.slice(1).map((p, i) => distance3(p, points[i]))
  const total = lengths.reduce((s, l) => s + l, 0)
  const base = points[0]
  const out = points.slice()
  if (distance3(base, target) >= total) {
    // Out of reach: stretch out straight towards the target.
    for (let i = 1; i < out.length; i++)
      out[i] = add3(out[i - 1], scale3(normalize3(sub3(target, base)), lengths[i - 1]))
    return out
  }
  for (let it = 0; it < iterations && distance3(out[out.length - 1], target) > tolerance; it++) {
    out[out.length - 1] = target
    for (let i = out.length - 2; i >= 0; i--) out[i] = towards(out[i + 1], out[i], lengths[i])
    out[0] = base
    for (let i = 1; i < out.length; i++) out[i] = towards(out[i - 1], out[i], lengths[i - 1])
  }
  return out
}

/** The point at `length` from `from` in the direction of `to`. */
function towards(from: Vec3, to: Vec3, length: number): Vec3 {
  const d = distance3(from, to)
  return d < 1e-15 ? from : lerp3(from, to, length / d)
}

/** FABRIK, then aim each bone of the chain in turn so the rig follows the solved positions. */
export function solveChainIk(rig: Rig, pose: RigPose, chain: readonly number[], target: Vec3): RigPose {
  const positions = forwardKinematics(rig, pose).positions
  const solved = fabrik(
    chain.map((j) => positions[j]),
    target,
  )
  for (let i = 0; i + 1 < chain.length; i++) pose = aimBone(rig, pose, chain[i], chain[i + 1], solved[i + 1])
  return pose
}

/** Unlocked lengths: point the joint's bone at the target and make it exactly as long as needed. */
export function stretchBone(rig: Rig, pose: RigPose, joint: number, target: Vec3): RigPose {
  const parent = RIG_PARENTS[joint]
  const pivot = forwardKinematics(rig, pose).positions[parent]
  return withLength(aimBone(rig, pose, parent, joint, target), joint, distance3(pivot, target))
}

/**
 * Slide a target along the view ray (direction `ray`) to the nearest point within `reach` of `anchor`, so a
 * target that is reachable as seen on screen is reached even if the pointer's depth was not. When the ray
 * misses the sphere, the closest point on the ray is the best there is.
 */
export function pullIntoReach(target: Vec3, ray: Vec3, anchor: Vec3, reach: number): Vec3 {
  const dir = normalize3(ray)
  const offset = sub3(target, anchor)
  if (length3(offset) <= reach) return target
  const along = dot3(offset, dir)
  const perpendicular2 = dot3(offset, offset) - along * along
  if (perpendicular2 >= reach * reach) return sub3(target, scale3(dir, along))
  const half = Math.sqrt(reach * reach - perpendicular2)
  // Points on the ray: target + s·dir with s ∈ [−along − half, −along + half]; take the s nearest zero.
  const s = Math.abs(-along - half) < Math.abs(-along + half) ? -along - half : -along + half
  return add3(target, scale3(dir, s))
}

/** Full reach of a two-bone chain from its root. */
export function chainReach(pose: RigPose, chain: readonly number[]): number {
  return chain.slice(1).reduce((sum, j) => sum + pose.lengths[j], 0)
}
