// Cleaning a detected pose sequence: short gaps in a joint's track are filled by linear interpolation,
// long ones stay missing, and each track is smoothed with the One Euro filter (Casiez, Roussel & Vogel,
// CHI 2012): a low-pass whose cutoff rises with speed, so jitter at rest is removed and fast moves lag
// little.
import { KEYPOINT_COUNT, type Keypoint, type Pose18 } from '../openpose'

export interface OneEuroSettings {
  /** Cutoff at rest, in Hz: lower = smoother, more lag when slow. */
  minCutoff: number
  /** How fast the cutoff rises with speed (per unit of normalised speed). */
  beta: number
  /** Cutoff for the speed estimate, in Hz. */
  derivativeCutoff: number
}

export const DEFAULT_ONE_EURO: OneEuroSettings = { minCutoff: 1.0, beta: 2.0, derivativeCutoff: 1.0 }

function smoothingFactor(cutoff: number, dt: number): number {
  const tau = 1 / (2 * Math.PI * cutoff)
  return 1 / (1 + tau / dt)
}

/** One Euro filter over a track sampled every dt seconds; null samples pass through and reset the filter. */
export function oneEuro(
  track: (number | null)[],
  dt: number,
  s: OneEuroSettings = DEFAULT_ONE_EURO,
): (number | null)[] {
  let previous: number | null = null
  let speed = 0
  return track.map((x) => {
    if (x === null) {
      previous = null
      return null
    }
    if (previous === null) {
      ;[previous, speed] = [x, 0]
      return x
    }
    const rawSpeed = (x - previous) / dt
    speed += smoothingFactor(s.derivativeCutoff, dt) * (rawSpeed - speed)
    const cutoff = s.minCutoff + s.beta * Math.abs(speed)
    previous = previous + smoothingFactor(cutoff, dt) * (x - previous)
    return previous
  })
}

/** Fills runs of at most maxGap missing samples that have a sample on both sides (linear). */
export function fillGaps(track: (number | null)[], maxGap: number): (number | null)[] {
  const out = [...track]
  let last = -1
  track.forEach((v, i) => {
    if (v === null) return
    const gap = i - last - 1
    if (last >= 0 && gap > 0 && gap <= maxGap) {
      const from = track[last] as number
      for (let k = 1; k <= gap; k++) out[last + k] = from + ((v - from) * k) / (gap + 1)
    }
    last = i
  })
  return out
}

export interface CleanOptions {
  fps: number
  /** Longest run of missing frames to interpolate across (default 0.25 s worth). */
  maxGapFrames?: number
  oneEuro?: OneEuroSettings
  /** Normalised units are per side; scale x and y by these so speed is isotropic (e.g. width, height). */
  aspect?: { width: number; height: number }
}

/** Gap filling then One Euro smoothing, joint by joint; confidences are interpolated the same way. */
export function cleanSequence(frames: Pose18[], options: CleanOptions): Pose18[] {
  const dt = 1 / options.fps
  const maxGap = options.maxGapFrames ?? Math.max(1, Math.round(options.fps / 4))
  const side = Math.max(options.aspect?.width ?? 1, options.aspect?.height ?? 1)
  const [kx, ky] = [(options.aspect?.width ?? 1) / side, (options.aspect?.height ?? 1) / side]
  const out: Pose18[] = frames.map(() => new Array<Keypoint>(KEYPOINT_COUNT).fill(null))
  for (let j = 0; j < KEYPOINT_COUNT; j++) {
    const track = (get: (k: NonNullable<Keypoint>) => number) =>
      fillGaps(
        frames.map((p) => {
          const k = p[j]
          return k ? get(k) : null
        }),
        maxGap,
      )
    const xs = oneEuro(
      track((k) => k.x * kx),
      dt,
      options.oneEuro,
    )
    const ys = oneEuro(
      track((k) => k.y * ky),
      dt,
      options.oneEuro,
    )
    const cs = track((k) => k.confidence)
    frames.forEach((_, f) => {
      const [x, y, c] = [xs[f], ys[f], cs[f]]
      if (x !== null && y !== null && c !== null) out[f][j] = { x: x / kx, y: y / ky, confidence: c }
    })
  }
  return out
}
