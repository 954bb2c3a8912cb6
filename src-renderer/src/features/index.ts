// Public surface of the rig/timeline features for the app shell and other panels.

export { RigTimelineWorkspace } from './workspace/RigTimelineWorkspace'
export type { KeyframesChange, RigTimelineWorkspaceProps } from './workspace/RigTimelineWorkspace'
export { AnimationEditor, type EditorOptions, type ToolMode } from './editor/editor'
export { buildRig, type Rig } from '../../../src-preload/motion/rig/rig'
export {
  forwardKinematics,
  jointPositions,
  restPose,
  resetPose,
  type RigPose,
  type WorldPose,
} from '../../../src-preload/motion/rig/pose'
export { dragJoint, solveTwoBoneIk, fabrik, type IkOptions } from '../../../src-preload/motion/rig/ik'
export { mirrorPose, symmetrizePose } from '../../../src-preload/motion/rig/mirror'
export { imageToWorld, worldToImage, projectToPose18, type ImageFrame } from '../../../src-preload/motion/rig/camera'
export { Joint, RIG_JOINT_COUNT, RIG_JOINT_NAMES, RIG_PARENTS } from '../../../src-preload/motion/rig/skeleton'
export { History } from './history/history'
export { samplePose, interpolatePose } from '../../../src-preload/motion/timeline/interpolate'
export { sampleSequence } from '../../../src-preload/motion/timeline/sequence'
export type { Keyframe, Keyframes } from '../../../src-preload/motion/timeline/keyframes'
export type { Easing } from '../../../src-preload/motion/timeline/easing'
