// The undoable document of the rig/timeline workspace and the pure edits on it.
// A pose edited on a frame that has a key changes that key; on a frame without one it becomes the frame's
// draft, shown until it is keyed (K) or another edit replaces it — unless auto-key is on.

import type { RigPose } from '../../../../src-preload/motion/rig/pose'
import { restPose } from '../../../../src-preload/motion/rig/pose'
import type { Rig } from '../../../../src-preload/motion/rig/rig'
import { samplePose } from '../../../../src-preload/motion/timeline/interpolate'
import { keyframeAt, setKeyframe, type Keyframes } from '../../../../src-preload/motion/timeline/keyframes'

export interface Draft {
  readonly frame: number
  readonly pose: RigPose
}

export interface AnimationDoc {
  readonly keyframes: Keyframes
  readonly draft: Draft | null
}

export const emptyDoc = (keyframes: Keyframes = []): AnimationDoc => ({ keyframes, draft: null })

/** What the rig shows on `frame`: its draft, else its key, else the in-between, else the source pose. */
export function poseOnFrame(rig: Rig, doc: AnimationDoc, frame: number): RigPose {
  if (doc.draft && doc.draft.frame === frame) return doc.draft.pose
  return samplePose(doc.keyframes, frame) ?? restPose(rig)
}

/** Fields to change so that `frame` shows `pose`. */
export function writePose(doc: AnimationDoc, frame: number, pose: RigPose, autoKey: boolean): Partial<AnimationDoc> {
  if (autoKey || keyframeAt(doc.keyframes, frame)) {
    return { keyframes: setKeyframe(doc.keyframes, frame, pose), draft: doc.draft?.frame === frame ? null : doc.draft }
  }
  return { draft: { frame, pose } }
}

/** Key whatever the frame shows now (draft or in-between) and drop the draft. */
export function keyFrame(rig: Rig, doc: AnimationDoc, frame: number): Partial<AnimationDoc> {
  return { keyframes: setKeyframe(doc.keyframes, frame, poseOnFrame(rig, doc, frame)), draft: null }
}
