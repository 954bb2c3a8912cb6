// Stage 1, DDIM inversion (sd15-facts §6.5): guidance 1 (the prompt's embedding only), ControlNet on the
// source pose, the whole trajectory Z_0 … Z_T kept. Stage 2, pose-aware inversion (paper eq. 6, DESIGN §4):
// null-text inversion's loop (sd15-facts §7) with φ initialised from the prompt embedding in its CFG slot.
import { ddimInverseStep, ddimStep, ddimTimesteps, inverseTimesteps, type DdimSchedule } from './ddim'
import type { DiffusionBackend } from './models'
import { stepAndLoss, stepLossUpstream, guided, type EmbeddingSlot } from './objective'
import { Adam } from './optimizer'

export interface SamplerContext {
  backend: DiffusionBackend
  schedule: DdimSchedule
  steps: number
  guidance: number
  controlScale: number
  /** Checked before every timestep of a long item, so a cancel does not wait for the whole item. */
  signal?: AbortSignal
}

/** Z_0 … Z_T (T + 1 latents) from z_0 with the conditional prediction at guidance 1. */
export async function ddimInversion(
  ctx: SamplerContext,
  z0: Float32Array,
  text: Float32Array,
  poseImage: Float32Array,
): Promise<Float32Array[]> {
  const trajectory = [z0]
  let latent = z0
  for (const t of inverseTimesteps(ctx.steps, ctx.schedule.config)) {
    const eps = await ctx.backend.eps({
      batch: 1,
      latents: latent,
      timestep: t,
      embeddings: text,
      poseImages: poseImage,
      controlScale: ctx.controlScale,
    })
    latent = ddimInverseStep(ctx.schedule, eps, t, latent, ctx.steps).nextSample
    trajectory.push(latent)
  }
  return trajectory
}

export interface InversionStepInput {
  /** Timestep index i: 0 is the noisiest step (t = T). */
  index: number
  /** Z̄_t: Z_T for i = 0, else the previous step's reconstruction. */
  latent: Float32Array
  /** Z_{t−1} from the trajectory. */
  target: Float32Array
  /** Warm start: φ of the previous step (the prompt embedding c for i = 0). */
  phi: Float32Array
  /** The other CFG slot's embedding (c for the 'uncond' slot, the empty prompt's for 'cond'). */
  other: Float32Array
  poseImage: Float32Array
}

export interface InversionStepOptions {
  slot: EmbeddingSlot
  iterations: number
  learningRate: number
  earlyStop: number
}

export interface InversionStepResult {
  phi: Float32Array
  /** Z̄_{t−1} sampled with the optimised φ (the next step starts here, as null-text does). */
  latent: Float32Array
  /** Loss of each inner iteration (before its update). */
  losses: number[]
}

/** One timestep of eq. 6: fresh Adam, up to n iterations with early stop, then advance with the final φ. */
export async function poseAwareInversionStep(
  ctx: SamplerContext,
  x: InversionStepInput,
  o: InversionStepOptions,
): Promise<InversionStepResult> {
  const t = ddimTimesteps(ctx.steps, ctx.schedule.config)[x.index]
  const batch = (embeddings: Float32Array) => ({
    batch: 1,
    latents: x.latent,
    timestep: t,
    embeddings,
    poseImages: x.poseImage,
    controlScale: ctx.controlScale,
  })
  const epsOther = await ctx.backend.eps(batch(x.other))
  const target = { ...ctx, t, numSteps: ctx.steps, slot: o.slot, latent: x.latent, epsOther, target: x.target }
  const upstream = stepLossUpstream(target)
  const phi = Float32Array.from(x.phi)
  const adam = new Adam(phi.length, o.learningRate)
  const losses: number[] = []
  for (let j = 0; j < o.iterations; j++) {
    const { eps, dEmbeddings } = await ctx.backend.epsWithGrad(batch(phi), upstream)
    const { loss } = stepAndLoss(target, eps)
    losses.push(loss)
    adam.step(phi, dEmbeddings)
    if (loss < o.earlyStop) break
  }
  const epsPhi = await ctx.backend.eps(batch(phi))
  const eps = guided(o.slot, epsPhi, epsOther, ctx.guidance)
  return { phi, latent: ddimStep(ctx.schedule, eps, t, x.latent, ctx.steps).prevSample, losses }
}
