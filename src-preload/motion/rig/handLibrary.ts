// The hand-pose library (issue 15): named hands an animator applies to a key, to either side (a hand
// pose is side-free: the left hand's frame is the right's mirror image, see rigParts.ts).
import { handFromCurls, type HandPose } from './hand'

export const HAND_POSE_NAMES = ['open', 'relaxed', 'fist', 'point', 'peace', 'thumbsUp'] as const
export type HandPoseName = (typeof HAND_POSE_NAMES)[number]

const curled = { thumb: 0.8, index: 1, middle: 1, ring: 1, little: 1 }

export const HAND_LIBRARY: Readonly<Record<HandPoseName, HandPose>> = {
  open: handFromCurls({ thumb: 0, index: 0, middle: 0, ring: 0, little: 0 }, 1),
  relaxed: handFromCurls({ thumb: 0.2, index: 0.2, middle: 0.3, ring: 0.35, little: 0.4 }, 0.3),
  fist: handFromCurls(curled, 0),
  point: handFromCurls({ ...curled, index: 0 }, 0),
  peace: handFromCurls({ ...curled, index: 0, middle: 0 }, 1),
  thumbsUp: handFromCurls({ ...curled, thumb: 0 }, 0),
}

/** What a key without a hand shows once any key of the motion has one: hands at rest. */
export const REST_HAND: HandPose = HAND_LIBRARY.relaxed
