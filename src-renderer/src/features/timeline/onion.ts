// Onion skin: faded neighbouring poses drawn behind the current one, either the nearest keys or frames at a
// fixed step. Fainter the further they are.

import { type Keyframes } from '../../../../src-preload/motion/timeline/keyframes'

export interface OnionSkinOptions {
  readonly mode: 'keys' | 'frames'
  readonly before: number
  readonly after: number
  /** Frame spacing in 'frames' mode. */
  readonly step?: number
}

export interface OnionGhost {
  readonly frame: number
  /** −1 for the nearest earlier ghost, +1 for the nearest later one, and so on. */
  readonly offset: number
  readonly opacity: number
}

export const DEFAULT_ONION: OnionSkinOptions = { mode: 'keys', before: 1, after: 1, step: 2 }

export function onionSkinFrames(
  keys: Keyframes,
  frame: number,
  frameCount: number,
  opts: OnionSkinOptions = DEFAULT_ONION,
): OnionGhost[] {
  const earlier = opts.mode === 'keys' ? keyFramesBefore(keys, frame) : stepFrames(frame, -(opts.step ?? 1), 0)
  const later = opts.mode === 'keys' ? keyFramesAfter(keys, frame) : stepFrames(frame, opts.step ?? 1, frameCount - 1)
  const ghosts = (frames: number[], count: number, sign: -1 | 1) =>
    frames.slice(0, count).map((f, i) => ({ frame: f, offset: sign * (i + 1), opacity: 0.45 / (i + 1) }))
  return [...ghosts(earlier, opts.before, -1), ...ghosts(later, opts.after, 1)]
}

function keyFramesBefore(keys: Keyframes, frame: number): number[] {
  return keys
    .map((k) => k.frame)
    .filter((f) => f < frame)
    .reverse()
}

function keyFramesAfter(keys: Keyframes, frame: number): number[] {
  return keys.map((k) => k.frame).filter((f) => f > frame)
}

function stepFrames(frame: number, step: number, limit: number): number[] {
  const out: number[] = []
  if (step === 0) return out
  for (let f = frame + step; step < 0 ? f >= limit : f <= limit; f += step) out.push(f)
  return out
}
