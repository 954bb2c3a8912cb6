// The demo's target motion: a forearm wave made from the character's own source pose. Only the right
// forearm turns (about the elbow, keeping its length); the rest of the body holds still, so PATA's
// alignment is the identity and the motion starts exactly at rest (no transition frames needed).
import { KP, type Pose18 } from '../../src-main/engine/pose/openpose'
import type { Canvas } from '../../src-main/engine/pose/pata/skeleton'

/**
 * One pose per angle: the right wrist placed at `angle` degrees around the right elbow (image
 * coordinates: 0° = towards +x, −90° = straight up), at the source forearm's length in pixels.
 */
export function forearmWave(source: Pose18, anglesDeg: readonly number[], canvas: Canvas): Pose18[] {
  const elbow = source[KP.RElbow]
  const wrist = source[KP.RWrist]
  if (!elbow || !wrist) throw new Error('the source pose needs a right elbow and wrist to wave')
  const length = Math.hypot((wrist.x - elbow.x) * canvas.width, (wrist.y - elbow.y) * canvas.height)
  return anglesDeg.map((deg) => {
    const rad = (deg * Math.PI) / 180
    const pose = source.map((k) => (k ? { ...k } : null))
    pose[KP.RWrist] = {
      x: round(elbow.x + (length * Math.cos(rad)) / canvas.width),
      y: round(elbow.y + (length * Math.sin(rad)) / canvas.height),
      confidence: 1,
    }
    return pose
  })
}

/** The angle (degrees) of the source forearm, for a wave that starts at rest. */
export function forearmAngle(source: Pose18, canvas: Canvas): number {
  const elbow = source[KP.RElbow]
  const wrist = source[KP.RWrist]
  if (!elbow || !wrist) throw new Error('the source pose needs a right elbow and wrist to wave')
  return (Math.atan2((wrist.y - elbow.y) * canvas.height, (wrist.x - elbow.x) * canvas.width) * 180) / Math.PI
}

const round = (v: number) => Math.round(v * 1e4) / 1e4
