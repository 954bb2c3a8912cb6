// DDIM with eta = 0 and its inversion, in float32 like diffusers (sd15-facts §6). Every arithmetic step
// is rounded to float32 with Math.fround in the order torch evaluates it, so results match the
// reference bit for bit or within an ulp, not merely within a tolerance.
import { sd15, type SchedulerConfig } from '../models/config'

const f = Math.fround

export interface DdimSchedule {
  config: SchedulerConfig
  /** float32 betas: torch.linspace(√β_start, √β_end, N, dtype=float32) ** 2 ("scaled_linear"). */
  betas: Float32Array
  /** ᾱ_t = Π(1 − β): torch's float32 cumprod, which accumulates in double and rounds each output. */
  alphasCumprod: Float32Array
  /** ᾱ used one step past t = 0: 1 when set_alpha_to_one, else ᾱ[0] (SD 1.5). */
  finalAlphaCumprod: number
}

export function ddimSchedule(config: SchedulerConfig = sd15.scheduler): DdimSchedule {
  const betas = torchLinspaceF32(Math.sqrt(config.betaStart), Math.sqrt(config.betaEnd), config.numTrainTimesteps)
  for (let i = 0; i < betas.length; i++) betas[i] = f(betas[i] * betas[i])
  const alphasCumprod = new Float32Array(betas.length)
  let product = 1 // double accumulator, as torch's CPU cumprod
  for (let i = 0; i < betas.length; i++) {
    product *= f(1 - betas[i])
    alphasCumprod[i] = product
  }
  return { config, betas, alphasCumprod, finalAlphaCumprod: config.setAlphaToOne ? 1 : alphasCumprod[0] }
}

/**
 * torch.linspace for float32 on CPU: step = (end − start) / (n − 1) in float32; the first half counts up
 * from start and the second half down from end, in 8-wide AVX2 vectors whose lanes are base + lane·step.
 * The compiled kernel fuses each multiply-add (FMA: one rounding), which we get by computing a·b + c in
 * double, where the float32 product is exact, and rounding once. This reproduces the golden betas
 * bit for bit; separately rounded products miss 128 of the 1000.
 */
function torchLinspaceF32(start: number, end: number, n: number): Float32Array {
  const [s, e] = [f(start), f(end)]
  const step = f(f(e - s) / (n - 1))
  const half = Math.floor(n / 2)
  const out = new Float32Array(n)
  const lanes = 8
  for (let idx = 0; idx < n; idx += lanes) {
    const base = idx < half ? f(s + step * idx) : f(e - step * (n - idx - 1))
    for (let lane = 0; lane < lanes && idx + lane < n; lane++) out[idx + lane] = f(base + lane * step)
  }
  return out
}

/** "leading" spacing: (arange(N) · ⌊T/N⌋) + offset, descending: 981, 961, …, 1 for SD 1.5 with N = 50. */
export function ddimTimesteps(numSteps: number, config: SchedulerConfig = sd15.scheduler): number[] {
  return inverseTimesteps(numSteps, config).reverse()
}

/** The same timesteps ascending (DDIMInverseScheduler): 1, 21, …, 981. */
export function inverseTimesteps(numSteps: number, config: SchedulerConfig = sd15.scheduler): number[] {
  if (!Number.isInteger(numSteps) || numSteps < 1 || numSteps > config.numTrainTimesteps) {
    throw new RangeError(`numSteps must be an integer in 1..${config.numTrainTimesteps}, got ${numSteps}`)
  }
  const ratio = Math.floor(config.numTrainTimesteps / numSteps)
  return Array.from({ length: numSteps }, (_, i) => i * ratio + config.stepsOffset)
}

export interface DdimStepResult {
  prevSample: Float32Array
  predOriginalSample: Float32Array
  alphaProdT: number
  alphaProdTPrev: number
}

/** One reverse step t → t − T/N with eta = 0: x0 = (x − √(1−ᾱ_t)·ε)/√ᾱ_t, x_prev = √ᾱ_prev·x0 + √(1−ᾱ_prev)·ε. */
export function ddimStep(
  schedule: DdimSchedule,
  modelOutput: Float32Array,
  t: number,
  sample: Float32Array,
  numSteps: number,
): DdimStepResult {
  const prevT = t - Math.floor(schedule.config.numTrainTimesteps / numSteps)
  const alphaProdT = alphaAt(schedule, t)
  const alphaProdTPrev = prevT >= 0 ? alphaAt(schedule, prevT) : schedule.finalAlphaCumprod
  const { x0, next } = moveBetweenLevels(alphaProdT, alphaProdTPrev, modelOutput, sample)
  return { prevSample: next, predOriginalSample: x0, alphaProdT, alphaProdTPrev }
}

export interface DdimInverseResult {
  nextSample: Float32Array
  alphaFrom: number
  alphaTo: number
}

/**
 * One inversion step from level t − T/N up to level t (DDIMInverseScheduler.step, identical to
 * null-text inversion's next_step): ε must be the UNet's prediction at timestep t on `sample`.
 */
export function ddimInverseStep(
  schedule: DdimSchedule,
  modelOutput: Float32Array,
  t: number,
  sample: Float32Array,
  numSteps: number,
): DdimInverseResult {
  const { numTrainTimesteps } = schedule.config
  const fromT = Math.min(t - Math.floor(numTrainTimesteps / numSteps), numTrainTimesteps - 1)
  const alphaFrom = fromT >= 0 ? alphaAt(schedule, fromT) : schedule.finalAlphaCumprod
  const alphaTo = alphaAt(schedule, t)
  const { next } = moveBetweenLevels(alphaFrom, alphaTo, modelOutput, sample)
  return { nextSample: next, alphaFrom, alphaTo }
}

/** Shared deterministic DDIM move from noise level `aFrom` to `aTo` (float32, torch's operation order). */
function moveBetweenLevels(aFrom: number, aTo: number, eps: Float32Array, x: Float32Array) {
  if (eps.length !== x.length) throw new RangeError(`model output has ${eps.length} values, sample ${x.length}`)
  const sqrtBetaFrom = f(Math.sqrt(f(1 - aFrom)))
  const sqrtAlphaFrom = f(Math.sqrt(aFrom))
  const sqrtAlphaTo = f(Math.sqrt(aTo))
  const sqrtBetaTo = f(Math.sqrt(f(1 - aTo)))
  const x0 = new Float32Array(x.length)
  const next = new Float32Array(x.length)
  for (let i = 0; i < x.length; i++) {
    x0[i] = f(f(x[i] - f(sqrtBetaFrom * eps[i])) / sqrtAlphaFrom)
    next[i] = f(f(sqrtAlphaTo * x0[i]) + f(sqrtBetaTo * eps[i]))
  }
  return { x0, next }
}

function alphaAt(schedule: DdimSchedule, t: number): number {
  if (!Number.isInteger(t) || t < 0 || t >= schedule.alphasCumprod.length) {
    throw new RangeError(`timestep ${t} is outside 0..${schedule.alphasCumprod.length - 1}`)
  }
  return schedule.alphasCumprod[t]
}

/** Classifier-free guidance: ε = ε_u + w·(ε_c − ε_u), in float32. */
export function cfgCombine(uncond: Float32Array, cond: Float32Array, scale: number): Float32Array {
  if (uncond.length !== cond.length) throw new RangeError(`uncond has ${uncond.length} values, cond ${cond.length}`)
  const w = f(scale)
  const out = new Float32Array(cond.length)
  for (let i = 0; i < cond.length; i++) out[i] = f(uncond[i] + f(w * f(cond[i] - uncond[i])))
  return out
}
