// Seeded random human poses for property tests: a forward-kinematics stick figure with random joint
// angles, size, position and missing joints.
import { emptyPose, type Pose18 } from '../../../src-main/engine/pose/openpose'

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// [joint, parent, length in torso units, rest angle (radians, image y down)]
const BONES: [number, number, number, number][] = [
  [0, 1, 0.35, -Math.PI / 2], [2, 1, 0.35, Math.PI], [5, 1, 0.35, 0], [3, 2, 0.55, Math.PI / 2],
  [4, 3, 0.5, Math.PI / 2], [6, 5, 0.55, Math.PI / 2], [7, 6, 0.5, Math.PI / 2], [8, 1, 1, Math.PI / 2 + 0.2],
  [11, 1, 1, Math.PI / 2 - 0.2], [9, 8, 0.8, Math.PI / 2], [10, 9, 0.8, Math.PI / 2], [12, 11, 0.8, Math.PI / 2],
  [13, 12, 0.8, Math.PI / 2], [14, 0, 0.1, -2.3], [15, 0, 0.1, -0.8], [16, 14, 0.12, 3], [17, 15, 0.12, 0],
] // prettier-ignore

export interface RandomPoseOptions {
  missing?: number
  jitter?: number
}

export function randomPose(rand: () => number, options: RandomPoseOptions = {}): Pose18 {
  const torso = 0.1 + rand() * 0.25
  const pose = emptyPose()
  pose[1] = { x: 0.2 + rand() * 0.6, y: 0.15 + rand() * 0.4, confidence: 1 }
  const jitter = options.jitter ?? 1.2
  for (const [j, parent, length, rest] of BONES) {
    const p = pose[parent]!
    const angle = rest + (rand() - 0.5) * 2 * jitter
    const len = length * torso * (0.7 + rand() * 0.6)
    pose[j] = { x: p.x + len * Math.cos(angle), y: p.y + len * Math.sin(angle), confidence: 0.5 + rand() / 2 }
  }
  return pose.map((k) => (rand() < (options.missing ?? 0) ? null : k))
}
