// The parsed form of a pose JSON file, shared by the keypoints-file reader (openposeJson.ts) and the CMU
// OpenPose `people[]` reader (openposePeople.ts).
import type { PoseParts } from './fullPose'
import type { Pose18 } from './openpose'

export interface NamedPose {
  name: string
  pose: Pose18
  /** Hands and face, when the file has any of them. */
  parts?: PoseParts
  /** The pose's own canvas, when the file gives one per pose (as golden/openpose_full does). */
  canvas?: { width: number; height: number }
}

/** Poses on one canvas (unless a pose has its own); keypoints normalised to it. */
export interface PoseDocument {
  width: number
  height: number
  poses: NamedPose[]
}

export interface ParseOptions {
  /** Canvas size for files that give pixel coordinates without one. */
  width?: number
  height?: number
  /** Overrides the pixel/normalised guess (coordinates all ≤ 2 are taken as normalised). */
  coordinates?: 'pixels' | 'normalized'
}
