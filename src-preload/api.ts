// THE contract between the renderer and the main process. Pure types, no runtime dependencies.
// Domain types shared by the engine and the renderer live here too, so neither imports the other.

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

/** One keypoint in normalised image coordinates (x / width, y / height); null = missing. */
export type Keypoint = { x: number; y: number; confidence: number } | null

/** 18 keypoints in OpenPose-18 order. */
export type Pose18 = Keypoint[]

export interface StudioApi {
  app: { info(): Promise<AppInfo> }
}

export interface AppInfo {
  version: string
  executionProviders: string[]
}
