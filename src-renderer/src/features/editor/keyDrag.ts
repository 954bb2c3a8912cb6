// One drag of keyframes in the timeline: every update moves the keys from where they were when the drag
// began by the total offset, so clamping at the ends never accumulates and dragging back restores them.

import { moveKeyframes, type Keyframes } from '../../../../src-preload/motion/timeline/keyframes'

export class KeyDrag {
  constructor(
    private readonly startKeys: Keyframes,
    private readonly startFrames: readonly number[],
  ) {}

  at(delta: number, frameCount: number): { keys: Keyframes; frames: number[] } {
    if (delta === 0) return { keys: this.startKeys, frames: [...this.startFrames] }
    return moveKeyframes(this.startKeys, this.startFrames, delta, frameCount)
  }
}
