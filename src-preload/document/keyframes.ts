// Field group "imported keyframes": an imported motion (project JSON, pose files), one pose per frame
// index. The frame bound is the timeline's (rig keys and render frames share it). docs/decisions/0280.
import { z } from 'zod'
import { pose18Schema } from './pose'

/** Last frame index a motion may use: a dense motion holds one pose per frame up to it (1e9 ran out of memory). */
export const MOTION_FRAME_MAX = 100_000
/** Most keyframes one motion may hold. */
export const KEYFRAMES_MAX = MOTION_FRAME_MAX

export const motionFrameSchema = z.number().int().min(0).max(MOTION_FRAME_MAX)

export const keyframeSchema = z.strictObject({ frame: motionFrameSchema, pose: pose18Schema })

/** A motion's keyframes: each frame at most once. */
export const keyframesSchema = z
  .array(keyframeSchema)
  .max(KEYFRAMES_MAX)
  .superRefine((list, ctx) => {
    const seen = new Set<number>()
    list.forEach((k, i) => {
      if (seen.has(k.frame))
        ctx.addIssue({ code: 'custom', path: [i, 'frame'], message: `frame ${k.frame} appears twice` })
      seen.add(k.frame)
    })
  })

/** One keyframe of the target motion: a pose at a frame index of the timeline. */
export type Keyframe = z.infer<typeof keyframeSchema>
