// Stage 3, pose-aware embedding optimisation (paper Algorithm 1) for ONE frame: from Z_T and φ_{s,·},
// for t = T … 1 sample Z̃_{t−1} with the frame's pose, then take one gradient step on φ̃_{x_i,t} against
// MSE(Z_{t−1}, Z̃_{t−1}). The sampling pass is the gradient pass (the loss is quadratic in ε, see
// objective.ts), and it also yields the token cross-attention maps that become the frame's mask. With
// PACM off (ablation) nothing is optimised: when MGDM needs masks, each timestep runs only the pass
// that samples the frame with the prompt embedding c and gives its maps (decision 0321).
import { ddimTimesteps } from './ddim'
import type { SamplerContext } from './inversion'
import type { Pose18 } from '../../../src-preload/api'
import { characterMap, maskFromMap, unionWithSource } from './masks'
import type { AffineUpstream } from './models'
import { stepAndLoss, stepLossUpstream, type EmbeddingSlot } from './objective'
import { Adam, sgdStep } from './optimizer'

export interface FrameOptimisationInput {
  /** Z_0 … Z_T from stage 1. */
  trajectory: readonly Float32Array[]
  /** φ_{s,t} per timestep index (index 0 = t = T): the warm start. */
  sourcePhis: readonly Float32Array[]
  /** The other CFG slot's embedding. */
  other: Float32Array
  poseImage: Float32Array
  /** Token positions of the character in the prompt (for the mask). */
  characterTokens: readonly number[]
  /** M_s at latent resolution, added where the frame's pose agrees with p_s. */
  sourceMask: Float32Array
  poses: { source: Pose18; frame: Pose18 }
}

export interface FrameOptimisationOptions {
  slot: EmbeddingSlot
  /** false: PACM is off; φ̃ is c at every step and only the mask passes run (needs `masks`). */
  optimise: boolean
  /** false: MGDM is off (or DCAM, which it acts in); the mask is left empty. */
  masks: boolean
  optimizer: 'adam' | 'sgd'
  /** Learning rate of timestep index i. */
  learningRate: (index: number) => number
  /** Updates of φ̃ per timestep: 1 = Algorithm 1 (the default); n = §4.1's inner iterations (decision 0323). */
  iterations: number
  /** Early-stop loss of timestep index i (used when iterations > 1). */
  earlyStop: (index: number) => number
  maskThreshold: number
}

export interface FrameOptimisationResult {
  /** φ̃_{x_i,t} per timestep index, after its update. */
  phis: Float32Array[]
  /** Step-averaged character attention map [mapHeight · mapWidth]. */
  attention: Float32Array
  /** M_{x_i} (0/1) at latent resolution [h · w]. */
  mask: Float32Array
  losses: number[]
}

export async function optimiseFrame(
  ctx: SamplerContext,
  x: FrameOptimisationInput,
  o: FrameOptimisationOptions,
): Promise<FrameOptimisationResult> {
  const { geometry } = ctx.backend
  const steps = ddimTimesteps(ctx.steps, ctx.schedule.config)
  const attention = new Float32Array(geometry.mapHeight * geometry.mapWidth)
  const phis: Float32Array[] = []
  const losses: number[] = []
  if (!o.optimise && !o.masks) throw new Error('stage 3 has nothing to compute with PACM and MGDM off')
  let latent = x.trajectory[ctx.steps]
  for (const [i, t] of steps.entries()) {
    ctx.signal?.throwIfAborted()
    const batch = (embeddings: Float32Array) => ({
      batch: 1,
      latents: latent,
      timestep: t,
      embeddings,
      poseImages: x.poseImage,
      controlScale: ctx.controlScale,
    })
    const phi = Float32Array.from(x.sourcePhis[i])
    // PACM off with both slots holding c: CFG is ε_c itself, so the other slot's pass would repeat this one.
    const sameSlots = !o.optimise && equal(phi, x.other)
    const epsOther = sameSlots ? undefined : await ctx.backend.eps(batch(x.other))
    const target = (other: Float32Array) => ({
      ...ctx,
      t,
      numSteps: ctx.steps,
      slot: o.slot,
      latent,
      epsOther: other,
      target: x.trajectory[ctx.steps - 1 - i],
    })
    const upstream = o.optimise ? stepLossUpstream(target(epsOther!)) : noUpstream(latent.length)
    const { eps, dEmbeddings, attentionMaps } = await ctx.backend.epsWithGrad(batch(phi), upstream)
    let { next, loss } = stepAndLoss(target(epsOther ?? eps), eps)
    if (o.optimise) {
      const update = updater(o, i, phi.length)
      update(phi, dEmbeddings)
      // The experiments' reading (§4.1: n inner iterations per step): keep optimising this step's φ̃ as
      // stage 2 does, then advance with the final φ̃ (one more forward) instead of the first sample.
      if (o.iterations > 1) {
        for (let j = 1; j < o.iterations && loss >= o.earlyStop(i); j++) {
          const r = await ctx.backend.epsWithGrad(batch(phi), upstream)
          loss = stepAndLoss(target(epsOther!), r.eps).loss
          update(phi, r.dEmbeddings)
        }
        next = stepAndLoss(target(epsOther!), await ctx.backend.eps(batch(phi))).next
      }
    }
    characterMap(attentionMaps, geometry.tokens, x.characterTokens).forEach((v, p) => (attention[p] += v / ctx.steps))
    phis.push(phi)
    losses.push(loss)
    latent = next
  }
  const mapGrid = { height: geometry.mapHeight, width: geometry.mapWidth }
  const latentGrid = { height: geometry.latent[1], width: geometry.latent[2] }
  const fromAttention = maskFromMap(attention, mapGrid, latentGrid, o.maskThreshold)
  const mask = !o.masks
    ? new Float32Array(latentGrid.height * latentGrid.width)
    : unionWithSource(fromAttention, x.sourceMask, latentGrid, x.poses)
  return { phis, attention, mask, losses }
}

/** One optimiser for one timestep's φ̃ (fresh Adam per timestep, as stage 2), applied in place. */
function updater(o: FrameOptimisationOptions, i: number, size: number) {
  if (o.optimizer === 'sgd') return (phi: Float32Array, grad: Float32Array) => sgdStep(phi, grad, o.learningRate(i))
  const adam = new Adam(size, o.learningRate(i))
  return (phi: Float32Array, grad: Float32Array) => adam.step(phi, grad)
}

/** dL/dε = 0: the pass runs for ε and the attention maps only. */
function noUpstream(size: number): AffineUpstream {
  return { scale: new Float32Array(1), offset: new Float32Array(size) }
}

function equal(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}
