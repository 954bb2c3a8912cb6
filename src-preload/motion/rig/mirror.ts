// Mirroring a pose left ↔ right. A pose stores rotations relative to the source's rest pose, so mirroring
// swaps each side's rotation with its counterpart's, reflected across the body's x = const plane. This keeps
// each side's own bone lengths and directions (sources are rarely symmetric) and makes mirror(mirror(p)) = p.
// On a symmetric rest pose it gives the exact reflection of the posed joints.

import { mirrorQuatX } from './math/quat'
import type { RigPose } from './pose'
import type { Rig } from './rig'
import { MIRROR_OF, MIRROR_PAIRS, ROOT_JOINT } from './skeleton'

/** Swap left and right: the right arm does what the left did, reflected, and the body turns the other way. */
export function mirrorPose(rig: Rig, pose: RigPose): RigPose {
  const pivotX = rig.restPositions[ROOT_JOINT][0]
  return {
    root: [2 * pivotX - pose.root[0], pose.root[1], pose.root[2]],
    rotations: pose.rotations.map((_, j) => mirrorQuatX(pose.rotations[MIRROR_OF[j]])),
    lengths: pose.lengths.map((_, j) => mirroredLength(rig, pose, j, MIRROR_OF[j])),
    // A hand pose is side-free (each side's frame is the other's mirror image), so the hands just swap;
    // the face's expressions are symmetric.
    ...(pose.hands && { hands: { left: pose.hands.right, right: pose.hands.left } }),
    ...(pose.face !== undefined && { face: pose.face }),
  }
}

export type Side = 'right' | 'left'

/** Copy one side's rotations (reflected) onto the other side; the mid-line and the source side stay as they are. */
export function symmetrizePose(rig: Rig, pose: RigPose, from: Side): RigPose {
  const targetOf = new Map(MIRROR_PAIRS.map(([r, l]) => (from === 'right' ? [l, r] : [r, l])))
  return {
    root: pose.root,
    rotations: pose.rotations.map((q, j) => {
      const source = targetOf.get(j)
      return source === undefined ? q : mirrorQuatX(pose.rotations[source])
    }),
    lengths: pose.lengths.map((l, j) => {
      const source = targetOf.get(j)
      return source === undefined ? l : mirroredLength(rig, pose, j, source)
    }),
    ...(pose.hands && {
      hands: from === 'right' ? { ...pose.hands, left: pose.hands.right } : { ...pose.hands, right: pose.hands.left },
    }),
    ...(pose.face !== undefined && { face: pose.face }),
  }
}

/** A stretched bone stays stretched by the same factor on the other side, over that side's own rest length. */
function mirroredLength(rig: Rig, pose: RigPose, joint: number, source: number): number {
  const restSource = rig.restLengths[source]
  if (restSource < 1e-12) return pose.lengths[joint]
  return rig.restLengths[joint] * (pose.lengths[source] / restSource)
}
