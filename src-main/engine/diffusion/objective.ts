// The pose-aware objective of PACM (paper eq. 6, Algorithm 1): ‖Z_{t−1} − DDIM(Z̄_t, ε_cfg)‖² (mean), with
// the optimised embedding φ in one CFG slot. The DDIM step is affine in ε and ε_cfg is affine in ε_φ, so
//   dL/dε_φ = (2/n)·(b·k)²·ε_φ + (2/n)·b·k·(a·x + b·m·ε_other − Z_{t−1})
// where x_prev = a·x + b·ε_cfg and ε_cfg = k·ε_φ + m·ε_other. The backend forms dε = scale·ε + offset in
// the graph, so one pass gives ε_φ and dL/dφ at the same φ.
import { cfgCombine, ddimStep, type DdimSchedule } from './ddim'
import type { AffineUpstream } from './models'

export type EmbeddingSlot = 'uncond' | 'cond'

/** x_prev = a·x + b·ε for the eta-0 DDIM step from t (float64; for gradients, not for sampling). */
export function ddimCoefficients(schedule: DdimSchedule, t: number, numSteps: number): { a: number; b: number } {
  const { alphaProdT, alphaProdTPrev } = ddimStep(schedule, new Float32Array(1), t, new Float32Array(1), numSteps)
  const a = Math.sqrt(alphaProdTPrev) / Math.sqrt(alphaProdT)
  const b = Math.sqrt(1 - alphaProdTPrev) - a * Math.sqrt(1 - alphaProdT)
  return { a, b }
}

/** Coefficients of ε_cfg = k·ε_φ + m·ε_other for the slot φ occupies at guidance w. */
export function slotCoefficients(slot: EmbeddingSlot, w: number): { k: number; m: number } {
  return slot === 'uncond' ? { k: 1 - w, m: w } : { k: w, m: 1 - w }
}

/** Classifier-free guidance with φ's prediction in its slot and the other slot's prediction. */
export function guided(slot: EmbeddingSlot, epsPhi: Float32Array, epsOther: Float32Array, w: number): Float32Array {
  return slot === 'uncond' ? cfgCombine(epsPhi, epsOther, w) : cfgCombine(epsOther, epsPhi, w)
}

export interface StepTarget {
  schedule: DdimSchedule
  t: number
  numSteps: number
  guidance: number
  slot: EmbeddingSlot
  /** Current latent x = Z̄_t [C, h, w]. */
  latent: Float32Array
  /** The other slot's prediction ε_other [C, h, w]. */
  epsOther: Float32Array
  /** Z_{t−1} from the inversion trajectory [C, h, w]. */
  target: Float32Array
}

/** The affine upstream gradient of the step loss for a batch of one element. */
export function stepLossUpstream(s: StepTarget): AffineUpstream {
  const { a, b } = ddimCoefficients(s.schedule, s.t, s.numSteps)
  const { k, m } = slotCoefficients(s.slot, s.guidance)
  const n = s.latent.length
  const offset = new Float32Array(n)
  for (let i = 0; i < n; i++) offset[i] = (2 / n) * b * k * (a * s.latent[i] + b * m * s.epsOther[i] - s.target[i])
  return { scale: Float32Array.of((2 / n) * (b * k) ** 2), offset }
}

/** The step itself (bit-exact DDIM) and its loss for φ's prediction ε_φ. */
export function stepAndLoss(s: StepTarget, epsPhi: Float32Array): { next: Float32Array; loss: number } {
  const eps = guided(s.slot, epsPhi, s.epsOther, s.guidance)
  const next = ddimStep(s.schedule, eps, s.t, s.latent, s.numSteps).prevSample
  return { next, loss: meanSquaredError(next, s.target) }
}

export function meanSquaredError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError(`MSE of ${a.length} and ${b.length} values`)
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2
  return sum / a.length
}
