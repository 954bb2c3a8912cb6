// Case vjp: gradients w.r.t. the text embedding. The reference is our autodiff of the WHOLE loss graph
//   loss = mean((z_prev_target − (c1·z_t + c2·ε_cfg))²),  ε_cfg = ε_u + w·(ε_c − ε_u),  ε_u constant,
// not the affine-upstream form the test derives, so the test's derivation is checked on these sizes too.
// The simple case differentiates sum(unet_out · W) w.r.t. the context and the sample (no ControlNet).
import { cfgCombine, ddimSchedule, ddimStep } from '../../../src-main/engine/diffusion/ddim'
import { vjp } from '../../../src-main/engine/graph/autodiff'
import { Graph } from '../../../src-main/engine/graph/graph'
import type { Value } from '../../../src-main/engine/graph/types'
import type { ModelConfigs } from '../../../src-main/engine/models/config'
import { controlNet } from '../../../src-main/engine/models/sd15/controlnet'
import { unet2DCondition } from '../../../src-main/engine/models/sd15/unet'
import { CONTROLNET_PREFIX } from '../../../src-main/engine/models/sd15/variants'
import { tensor } from '../../../src-main/engine/runtime'
import { CaseFile, dims, type ManifestEntry } from '../caseFile'
import type { AltProfile } from '../profile'
import { numel, type Random } from '../random'
import { type AltContext, runComponent, runUnetControl } from '../run'

interface Shapes {
  latent: number[]
  context: number[]
  image: number[]
}

interface Coefficients {
  /** z_prev = c1·z_t + c2·ε for this step (from the schedule), guidance w. */
  c1: number
  c2: number
  w: number
}

function inputs(g: Graph, s: Shapes) {
  return {
    sample: g.input('sample', 'float32', s.latent),
    timestep: g.input('timestep', 'int64', [1]),
    context: g.input('encoder_hidden_states', 'float32', s.context),
  }
}

/** ControlNet + UNet → ε_c, and d loss / d context with ε_u fed as a constant input. */
function lossGraph(cfg: ModelConfigs, s: Shapes, k: Coefficients): Graph {
  const g = new Graph('unet')
  const x = { ...inputs(g, s), image: g.input('control_image', 'float32', s.image) }
  const scale = g.input('control_scale', 'float32', [1])
  const uncond = g.input('eps_uncond', 'float32', s.latent)
  const target = g.input('z_prev_target', 'float32', s.latent)
  const control = g.subgraph('controlnet', () => controlNet(g, cfg.controlnet, { ...x, scale }), {
    keyPrefix: CONTROLNET_PREFIX,
  })
  const eps = g.output('eps', unet2DCondition(g, cfg.unet, x, { control })) // [1, 4, h, w]
  const guided = g.add(uncond, g.mul(g.sub(eps, uncond), k.w))
  const diff = g.sub(target, g.add(g.mul(x.sample, k.c1), g.mul(guided, k.c2)))
  const loss = g.reduceMean(g.mul(diff, diff), [0, 1, 2, 3], true) // [1, 1, 1, 1]
  const [grad] = vjp(g, [loss], [x.context], [g.constant(1, 'float32', [1, 1, 1, 1])])
  g.output('grad_encoder_hidden_states', grad)
  return g
}

/** UNet alone: sum(unet_out · W) differentiated w.r.t. the context and the sample. */
function simpleGraph(cfg: ModelConfigs, s: Shapes): Graph {
  const g = new Graph('unet')
  const x = inputs(g, s)
  const weights: Value = g.input('weights', 'float32', s.latent)
  const out = g.output('unet_out', unet2DCondition(g, cfg.unet, x))
  const [dContext, dSample] = vjp(g, [out], [x.context, x.sample], [weights])
  g.output('grad_encoder_hidden_states', dContext)
  g.output('grad_sample', dSample)
  return g
}

function coefficients(alphaT: number, alphaPrev: number, w: number): Coefficients {
  const [sa, sb, sap, sbp] = [Math.sqrt(alphaT), Math.sqrt(1 - alphaT), Math.sqrt(alphaPrev), Math.sqrt(1 - alphaPrev)]
  return { c1: sap / sa, c2: sbp - (sap * sb) / sa, w }
}

const sum = (values: Iterable<number>) => {
  let total = 0
  for (const v of values) total += v
  return total
}

export async function vjpCase(
  ctx: AltContext,
  cfg: ModelConfigs,
  s: Shapes,
  p: AltProfile,
  rng: Random,
): Promise<ManifestEntry> {
  const { timestep: t, guidance } = p.vjp
  const steps = p.ddim.steps
  const c = new CaseFile(
    ctx.dir,
    'case_vjp.safetensors',
    `Vector-Jacobian products through ControlNet + UNet + CFG ${guidance} + DDIM step (${steps} steps, batch 1).`,
  )
  const n = numel(s.latent)
  const zt = c.f32('z_t', s.latent, rng.normal(n), `latent x_t ${dims(s.latent)}`)
  c.i64('timestep', [1], [t], `t = ${t} (${steps}-step DDIM)`)
  const cond = c.f32('encoder_hidden_states_cond', s.context, rng.normal(numel(s.context)), 'conditional context')
  const uncond = c.f32('encoder_hidden_states_uncond', s.context, rng.normal(numel(s.context)), 'unconditional context')
  const image = c.f32('controlnet_cond', s.image, rng.uniform(numel(s.image)), 'conditioning image in [0,1]')
  const target = c.f32('z_prev_target', s.latent, rng.normal(n), 'target latent')
  c.f32('guidance_scale', [1], Float32Array.of(guidance), String(guidance))
  c.f32('controlnet_conditioning_scale', [1], Float32Array.of(1), '1.0 (both branches)')

  const schedule = ddimSchedule(cfg.scheduler)
  const alphas = ddimStep(schedule, new Float32Array(n), t, new Float32Array(n), steps)
  const g = lossGraph(cfg, s, coefficients(alphas.alphaProdT, alphas.alphaProdTPrev, guidance))
  const feeds = (context: Float32Array, epsUncond: Float32Array) => ({
    sample: tensor.f32(zt, s.latent),
    timestep: tensor.i64([t]),
    encoder_hidden_states: tensor.f32(context, s.context),
    control_image: tensor.f32(image, s.image),
    control_scale: tensor.f32([1], [1]),
    eps_uncond: tensor.f32(epsUncond, s.latent),
    z_prev_target: tensor.f32(target, s.latent),
  })
  const epsU = (await runUnetControl(ctx, g, feeds(uncond, new Float32Array(n)))).eps
  const condOut = await runUnetControl(ctx, g, feeds(cond, epsU))
  const epsCfg = cfgCombine(epsU, condOut.eps, guidance)
  const zPrev = ddimStep(schedule, epsCfg, t, zt, steps).prevSample
  c.f32('eps_uncond', s.latent, epsU, 'unet+controlnet with the unconditional context, no grad', true)
  c.f32('eps_cond', s.latent, condOut.eps, 'unet+controlnet with the conditional context', true)
  c.f32('eps_cfg', s.latent, epsCfg, `eps_uncond + ${guidance}*(eps_cond - eps_uncond)`, true)
  c.f32('z_prev', s.latent, zPrev, `DDIM step of eps_cfg at t = ${t}`, true)
  const loss = sum(Array.from(zPrev, (z, i) => (target[i] - z) ** 2)) / n
  c.f32('loss', [1], Float32Array.of(loss), 'mean((z_prev_target - z_prev)^2)', true)
  const grad = condOut.grad_encoder_hidden_states
  c.f32('grad_ehs_cond', s.context, grad, 'd loss / d encoder_hidden_states_cond (through ControlNet and UNet)', true)

  const sample = c.f32('simple/sample', s.latent, rng.normal(n), `input latent for the simple case, t=${t}`)
  const context = c.f32('simple/encoder_hidden_states', s.context, rng.normal(numel(s.context)), 'context')
  const w = c.f32('simple/weights', s.latent, rng.normal(n), 'random weights W')
  const simple = await runComponent(ctx, simpleGraph(cfg, s), 'unet', {
    sample: tensor.f32(sample, s.latent),
    timestep: tensor.i64([t]),
    encoder_hidden_states: tensor.f32(context, s.context),
    weights: tensor.f32(w, s.latent),
  })
  c.f32('simple/unet_out', s.latent, simple.unet_out, 'unet(simple/sample, t, simple/encoder_hidden_states)', true)
  const simpleLoss = sum(Array.from(simple.unet_out, (v, i) => v * w[i]))
  c.f32('simple/loss', [1], Float32Array.of(simpleLoss), 'sum(unet_out * W)', true)
  const dContext = simple.grad_encoder_hidden_states
  c.f32('simple/grad_encoder_hidden_states', s.context, dContext, 'd simple/loss / d encoder_hidden_states', true)
  c.f32('simple/grad_sample', s.latent, simple.grad_sample, 'd simple/loss / d sample', true)
  return c.write()
}
