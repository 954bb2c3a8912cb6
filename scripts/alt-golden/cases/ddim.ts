// Case ddim: the schedule tables, the timesteps of the profile's step count both ways, eta-0 steps and
// inversion steps at the profile's timesteps. The spread of each step against the same formula in
// float64 is measured here, as the real generator did, and recorded as its tolerance.
import {
  ddimInverseStep,
  ddimSchedule,
  ddimStep,
  ddimTimesteps,
  inverseTimesteps,
} from '../../../src-main/engine/diffusion/ddim'
import type { SchedulerConfig } from '../../../src-main/engine/models/config'
import { CaseFile, dims, type ManifestEntry } from '../caseFile'
import type { AltProfile } from '../profile'
import { numel, type Random } from '../random'
import type { AltContext } from '../run'

/** DDIM move aFrom → aTo in float64 on the same float32 inputs: the reference's own float32 error. */
function float64Spread(aFrom: number, aTo: number, eps: Float32Array, x: Float32Array, got: Float32Array): number {
  let max = 0
  for (let i = 0; i < x.length; i++) {
    const x0 = (x[i] - Math.sqrt(1 - aFrom) * eps[i]) / Math.sqrt(aFrom)
    max = Math.max(max, Math.abs(Math.sqrt(aTo) * x0 + Math.sqrt(1 - aTo) * eps[i] - got[i]))
  }
  return max
}

export function ddimCase(
  ctx: AltContext,
  config: SchedulerConfig,
  schedulerJson: Record<string, unknown>,
  latentShape: number[],
  p: AltProfile,
  rng: Random,
): ManifestEntry {
  const { steps, stepTimesteps, inverseTimesteps: invT } = p.ddim
  const c = new CaseFile(
    ctx.dir,
    'case_ddim.safetensors',
    `DDIM (eta=0) steps and DDIM inversion steps with ${steps} steps and the SD1.5 scheduler config; ` +
      'inversion goes from level t - T/steps (or alphas_cumprod[0]) to t with eps evaluated at t.',
    { scheduler_config: schedulerJson },
  )
  const schedule = ddimSchedule(config)
  c.i64('timesteps', [steps], ddimTimesteps(steps, config), `set_timesteps(${steps}).timesteps (leading + offset)`)
  c.f32('alphas_cumprod', [schedule.alphasCumprod.length], schedule.alphasCumprod, 'float32 cumprod(1-betas)')
  c.f32('betas', [schedule.betas.length], schedule.betas, 'float32 betas (scaled_linear)')
  c.i64('inverse_timesteps', [steps], inverseTimesteps(steps, config), 'the same timesteps ascending')
  c.i64('step_t', [stepTimesteps.length], stepTimesteps, 'timesteps t of the forward step tests')
  c.i64('inv_t', [invT.length], invT, 'target timesteps of the inversion tests')
  const n = numel(latentShape)
  const alphas: number[][] = [[], [], [], []]
  for (const t of stepTimesteps) {
    const sample = c.f32(`step_t${t}/sample`, latentShape, rng.normal(n), `x_t ${dims(latentShape)}`)
    const eps = c.f32(`step_t${t}/model_output`, latentShape, rng.normal(n), 'eps prediction')
    const out = ddimStep(schedule, eps, t, sample, steps)
    c.f32(`step_t${t}/prev_sample`, latentShape, out.prevSample, 'DDIMScheduler.step(eps, t, x_t, eta=0).prev_sample')
    c.f32(`step_t${t}/pred_original_sample`, latentShape, out.predOriginalSample, 'x0 prediction')
    const spread = float64Spread(out.alphaProdT, out.alphaProdTPrev, eps, sample, out.prevSample)
    c.entry.tolerance[`step_t${t}/prev_sample`] = { max_abs_diff_vs_fp64_formula: spread }
    alphas[0].push(out.alphaProdT)
    alphas[1].push(out.alphaProdTPrev)
  }
  c.f32('step_alpha_prod_t', [stepTimesteps.length], Float32Array.from(alphas[0]), 'alpha_prod_t used for each step_t')
  c.f32('step_alpha_prod_t_prev', [stepTimesteps.length], Float32Array.from(alphas[1]), 'alpha_prod_t_prev used')
  for (const t of invT) {
    const sample = c.f32(`inv_t${t}/sample`, latentShape, rng.normal(n), 'latent at the source (lower-noise) level')
    const eps = c.f32(`inv_t${t}/model_output`, latentShape, rng.normal(n), 'eps evaluated at timestep t')
    const out = ddimInverseStep(schedule, eps, t, sample, steps)
    c.f32(`inv_t${t}/next_sample`, latentShape, out.nextSample, 'DDIMInverseScheduler.step(eps, t, x).prev_sample')
    alphas[2].push(out.alphaFrom)
    alphas[3].push(out.alphaTo)
  }
  c.f32('inv_alpha_prod_from', [invT.length], Float32Array.from(alphas[2]), 'alpha at the source level per inv_t')
  c.f32('inv_alpha_prod_to', [invT.length], Float32Array.from(alphas[3]), 'alphas_cumprod[t] per inv_t')
  return c.write()
}
