// Keyframes: poses pinned to frames. A keyframe list is immutable, sorted by frame, one key per frame.
// Every operation returns a new list, so the undo history can hold lists by reference.

import type { RigPose } from '../rig/pose'
import type { Easing } from './easing'

export interface Keyframe {
  readonly frame: number
  readonly pose: RigPose
  /** Easing of the motion from this key to the next. */
  readonly easing: Easing
}

export type Keyframes = readonly Keyframe[]

export interface KeyClipboard {
  /** Keys relative to the first copied frame (offset 0). */
  readonly keys: readonly { readonly offset: number; readonly pose: RigPose; readonly easing: Easing }[]
}

export function assertFrame(frame: number, frameCount: number): void {
  if (!Number.isInteger(frame) || frame < 0 || frame >= frameCount) {
    throw new RangeError(`Frame ${frame} is outside the timeline (0 … ${frameCount - 1})`)
  }
}

export function keyframeAt(keys: Keyframes, frame: number): Keyframe | undefined {
  return keys.find((k) => k.frame === frame)
}

/** Add a key, or replace the pose of the key already on that frame (keeping its easing unless given). */
export function setKeyframe(keys: Keyframes, frame: number, pose: RigPose, easing?: Easing): Keyframes {
  const existing = keyframeAt(keys, frame)
  const key: Keyframe = { frame, pose, easing: easing ?? existing?.easing ?? 'easeInOut' }
  return sortKeys([...keys.filter((k) => k.frame !== frame), key])
}

export function deleteKeyframes(keys: Keyframes, frames: readonly number[]): Keyframes {
  return keys.filter((k) => !frames.includes(k.frame))
}

export function setEasing(keys: Keyframes, frames: readonly number[], easing: Easing): Keyframes {
  return keys.map((k) => (frames.includes(k.frame) ? { ...k, easing } : k))
}

/**
 * Shift the selected keys by `delta` frames, as a block: the shift is clamped so none leaves the timeline,
 * and a moved key replaces an unmoved one it lands on (what animators expect from dragging in a dope sheet).
 * Returns the new list and the frames the moved keys now occupy.
 */
export function moveKeyframes(
  keys: Keyframes,
  frames: readonly number[],
  delta: number,
  frameCount: number,
): { keys: Keyframes; frames: number[] } {
  const moving = keys.filter((k) => frames.includes(k.frame))
  if (moving.length === 0 || delta === 0) return { keys, frames: moving.map((k) => k.frame) }
  const first = moving[0].frame
  const last = moving[moving.length - 1].frame
  const shift = Math.max(-first, Math.min(frameCount - 1 - last, Math.round(delta)))
  const moved = moving.map((k) => ({ ...k, frame: k.frame + shift }))
  const landed = new Set(moved.map((k) => k.frame))
  const staying = keys.filter((k) => !frames.includes(k.frame) && !landed.has(k.frame))
  return { keys: sortKeys([...staying, ...moved]), frames: moved.map((k) => k.frame) }
}

export function copyKeyframes(keys: Keyframes, frames: readonly number[]): KeyClipboard {
  const picked = keys.filter((k) => frames.includes(k.frame))
  const origin = picked[0]?.frame ?? 0
  return { keys: picked.map((k) => ({ offset: k.frame - origin, pose: k.pose, easing: k.easing })) }
}

/** Paste at `frame`; keys that would fall past the end are dropped (reported in `dropped`). */
export function pasteKeyframes(
  keys: Keyframes,
  clip: KeyClipboard,
  frame: number,
  frameCount: number,
): { keys: Keyframes; frames: number[]; dropped: number } {
  const pasted = clip.keys
    .map((k) => ({ frame: frame + k.offset, pose: k.pose, easing: k.easing }))
    .filter((k) => k.frame >= 0 && k.frame < frameCount)
  const landed = new Set(pasted.map((k) => k.frame))
  return {
    keys: sortKeys([...keys.filter((k) => !landed.has(k.frame)), ...pasted]),
    frames: pasted.map((k) => k.frame),
    dropped: clip.keys.length - pasted.length,
  }
}

/** Keys on or past the last frame are dropped when the timeline gets shorter. */
export function clampToLength(keys: Keyframes, frameCount: number): Keyframes {
  return keys.every((k) => k.frame < frameCount) ? keys : keys.filter((k) => k.frame < frameCount)
}

/** The nearest key strictly before / after a frame (for stepping between keys). */
export function neighbourKeyFrame(keys: Keyframes, frame: number, direction: -1 | 1): number | undefined {
  const candidates = keys.map((k) => k.frame).filter((f) => (direction < 0 ? f < frame : f > frame))
  return direction < 0 ? candidates.at(-1) : candidates[0]
}

function sortKeys(keys: Keyframe[]): Keyframes {
  return keys.sort((a, b) => a.frame - b.frame)
}
