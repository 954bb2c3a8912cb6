// Domain types both processes share: poses, project and job references, job progress. Pure types (and
// the keypoint order), no runtime dependencies (the pose types come from document/, type-only). The contract files (api.ts, sourceContract.ts,
// renderContract.ts) import from here and never from each other's domain parts, so they form no circle.

/** OpenPose-18 body keypoint order (sd15-facts §8.1). */
export const OPENPOSE_18 = [
  'Nose',
  'Neck',
  'RShoulder',
  'RElbow',
  'RWrist',
  'LShoulder',
  'LElbow',
  'LWrist',
  'RHip',
  'RKnee',
  'RAnkle',
  'LHip',
  'LKnee',
  'LAnkle',
  'REye',
  'LEye',
  'REar',
  'LEar',
] as const

// Keypoint (normalised image coordinates, null = missing), Pose18 (18 keypoints in the order above) and
// Keyframe (a pose at a frame of the timeline) are inferred from the document's schemas, which bound them.
export type { Keypoint, Pose18 } from './document/pose'
export type { Keyframe } from './document/keyframes'
import type { Pose18 } from './document/pose'

/** A pose per frame, imported from a video, a BVH file or OpenPose JSON; ready for the timeline. */
export interface PoseSequence {
  fps: number
  /** The canvas the normalised keypoints refer to. */
  width: number
  height: number
  frames: Pose18[]
}

/** A project is identified by its file name inside the library folder; the renderer never sees paths. */
export interface ProjectRef {
  projectId: string
}

export interface JobRef {
  jobId: string
}

/** Progress of a job: the current stage, its fraction done, and an ETA from measured item times. */
export interface JobProgress extends JobRef {
  stage: string
  stageIndex: number
  stageCount: number
  /** 0..1 within the current stage. */
  stageFraction: number
  /** 0..1 over the whole job, weighted by each stage's work items. */
  fraction: number
  itemsDone: number
  itemsTotal: number
  /** Seconds left, or null until at least one item has been computed. */
  etaSeconds: number | null
  state: 'running' | 'done' | 'cancelled' | 'failed'
  /** Why a job failed or stopped, written for the user. */
  message?: string
}
