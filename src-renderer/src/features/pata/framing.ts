// What each preview frame is: p_0 = the source pose, then the transition frames, then the aligned motion.

export type PreviewFramePart = 'source' | 'transition' | 'motion'

export interface PreviewFrame {
  readonly part: PreviewFramePart
  /** 1-based index within its part (0 for the source). */
  readonly index: number
  readonly label: string
}

export function describeFrame(frame: number, transitionFrames: number, total: number): PreviewFrame {
  if (frame === 0) return { part: 'source', index: 0, label: 'Source pose (frame 0)' }
  if (frame <= transitionFrames) {
    return { part: 'transition', index: frame, label: `Transition ${frame} of ${transitionFrames}` }
  }
  const index = frame - transitionFrames
  return { part: 'motion', index, label: `Motion ${index} of ${total - 1 - transitionFrames}` }
}
