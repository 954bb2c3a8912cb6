// PATA, the Pose Alignment Transition Algorithm (paper §3, our design in DESIGN §4): align the target
// motion to the character's source pose, optionally give it the character's bone lengths, and lead into it
// from the source pose with eased in-between frames. Output p_0 = p_s, p_1 … p_N with N = M + t.
import { UserError } from '../../errors'
import { countPresent, type Pose18 } from '../openpose'
import { applySimilarity, estimateAlignment, retargetBones } from './align'
import { fromPixels, toPixels, type Canvas } from './skeleton'
import { chooseTransitionLength, largestStep, pairEnds, transitionFrames } from './transition'

export interface PataOptions extends Canvas {
  /** Rescale every bone to the character's length (keeps directions). Default false. */
  retargetBones?: boolean
  /** Largest per-frame joint motion in a transition, as a fraction of max(width, height). Default 0.02. */
  maxJointStep?: number
  /** Fixed number of in-between frames; by default the fewest that respect maxJointStep. */
  transitionFrames?: number
  /** Upper bound on the automatic transition length. Default 120. */
  maxTransitionFrames?: number
  /** false = ablation (paper Fig. 5d): no alignment, no transition, just [p_s, …motion]. Default true. */
  enabled?: boolean
}

export interface PataResult {
  /** p_0 = p_s, then the transition, then the aligned motion. */
  poses: Pose18[]
  transitionFrames: number
  /** The similarity applied to the motion, in normalised units: p′ = scale · p + offset (per axis). */
  alignment: { scale: number; offsetX: number; offsetY: number }
  /** False when even maxTransitionFrames could not keep every step under maxJointStep. */
  stepBoundMet: boolean
}

export function runPata(source: Pose18, motion: Pose18[], options: PataOptions): PataResult {
  if (countPresent(source) === 0) throw new UserError('the source pose has no keypoints: detect or place it first')
  if (motion.length === 0) throw new UserError('the target motion has no frames')
  const identity = { scale: 1, offsetX: 0, offsetY: 0 }
  if (options.enabled === false)
    return { poses: [source, ...motion], transitionFrames: 0, alignment: identity, stepBoundMet: true }
  const reference = motion.find((p) => countPresent(p) >= 2)
  if (!reference) throw new UserError('the target motion has no frame with at least two keypoints to align')

  const canvas: Canvas = { width: options.width, height: options.height }
  const sourcePx = toPixels(source, canvas)
  const similarity = estimateAlignment(sourcePx, toPixels(reference, canvas))
  const aligned = motion.map((pose) => {
    const moved = applySimilarity(toPixels(pose, canvas), similarity)
    return options.retargetBones ? retargetBones(moved, sourcePx) : moved
  })

  const maxStep = (options.maxJointStep ?? 0.02) * Math.max(canvas.width, canvas.height)
  const ends = pairEnds(sourcePx, aligned[0])
  const chosen =
    options.transitionFrames === undefined
      ? chooseTransitionLength(sourcePx, aligned[0], maxStep, options.maxTransitionFrames ?? 120)
      : fixedLength(options.transitionFrames)
  const between = transitionFrames(ends, chosen.frames)
  return {
    poses: [source, ...[...between, ...aligned].map((p) => fromPixels(p, canvas))],
    transitionFrames: chosen.frames,
    alignment: {
      scale: similarity.scale,
      offsetX: similarity.offset.x / canvas.width,
      offsetY: similarity.offset.y / canvas.height,
    },
    stepBoundMet: largestStep([sourcePx, ...between, aligned[0]]) <= maxStep,
  }
}

function fixedLength(frames: number): { frames: number } {
  if (!Number.isInteger(frames) || frames < 0)
    throw new UserError(`transition frames must be a whole number ≥ 0, got ${frames}`)
  return { frames }
}

/**
 * Loop mode (issue 13): eased in-between poses from the last pose of `poses` back to the first (the source
 * pose), so a video of `poses` followed by them cycles seamlessly. Same step bound as the lead-in transition:
 * the fewest frames keeping every joint's per-frame motion ≤ maxJointStep (capped at maxTransitionFrames).
 */
export function loopBack(
  poses: readonly Pose18[],
  options: Canvas & { maxJointStep?: number; maxTransitionFrames?: number },
): Pose18[] {
  if (poses.length < 2) return []
  const canvas: Canvas = { width: options.width, height: options.height }
  const last = toPixels(poses[poses.length - 1], canvas)
  const first = toPixels(poses[0], canvas)
  const maxStep = (options.maxJointStep ?? 0.02) * Math.max(canvas.width, canvas.height)
  const chosen = chooseTransitionLength(last, first, maxStep, options.maxTransitionFrames ?? 120)
  return transitionFrames(pairEnds(last, first), chosen.frames).map((p) => fromPixels(p, canvas))
}
