// DDIM schedule, steps, inversion steps and CFG against the diffusers reference (case_ddim, case_vjp).
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  cfgCombine,
  ddimInverseStep,
  ddimSchedule,
  ddimStep,
  ddimTimesteps,
  inverseTimesteps,
} from '../../src-main/engine/diffusion/ddim'
import { parseSchedulerConfig } from '../../src-main/engine/models/config'
import { SafetensorsFile } from '../../src-main/engine/models/weights/safetensors'
import { goldenDir, manifest, type ManifestCase } from './helpers/golden'

interface StepTolerance {
  max_abs_diff_vs_fp64_formula: number
}
const ddimCase = manifest.cases.ddim as ManifestCase & {
  scheduler_config: unknown
  tolerance: Record<string, StepTolerance>
}
const vjpCase = manifest.cases.vjp

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length)
  let max = 0
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]))
  return max
}

describe('DDIM against diffusers (case_ddim)', () => {
  const golden = SafetensorsFile.open(join(goldenDir, ddimCase.file))
  afterAll(() => golden.close())
  const config = parseSchedulerConfig(ddimCase.scheduler_config)
  const schedule = ddimSchedule(config)
  const steps = golden.read('timesteps').length
  // The reference's own float32-vs-float64 spread for a step; we are expected to be at least that close.
  const stepTolerance = Math.max(...Object.values(ddimCase.tolerance).map((t) => t.max_abs_diff_vs_fp64_formula))

  it('builds the float32 betas and alphas_cumprod exactly as torch does', () => {
    expect(maxAbsDiff(schedule.betas, golden.read('betas'))).toBe(0)
    expect(maxAbsDiff(schedule.alphasCumprod, golden.read('alphas_cumprod'))).toBe(0)
  })

  it('lists the leading timesteps with the steps offset, both directions', () => {
    expect(ddimTimesteps(steps, config)).toEqual([...golden.read('timesteps')])
    expect(inverseTimesteps(steps, config)).toEqual([...golden.read('inverse_timesteps')])
  })

  it('takes eta-0 steps: prev_sample, pred_original_sample and the alphas used', () => {
    const alphaT = golden.read('step_alpha_prod_t')
    const alphaPrev = golden.read('step_alpha_prod_t_prev')
    golden.read('step_t').forEach((t, i) => {
      const out = ddimStep(schedule, golden.read(`step_t${t}/model_output`), t, golden.read(`step_t${t}/sample`), steps)
      expect(out.alphaProdT).toBe(alphaT[i])
      expect(out.alphaProdTPrev).toBe(alphaPrev[i])
      expect(maxAbsDiff(out.prevSample, golden.read(`step_t${t}/prev_sample`))).toBeLessThanOrEqual(stepTolerance)
      const x0 = golden.read(`step_t${t}/pred_original_sample`)
      const x0Scale = Math.max(...x0.map(Math.abs))
      expect(maxAbsDiff(out.predOriginalSample, x0)).toBeLessThanOrEqual(stepTolerance * x0Scale)
    })
  })

  it('takes inversion steps from level t−Δ to t like DDIMInverseScheduler / next_step', () => {
    const from = golden.read('inv_alpha_prod_from')
    const to = golden.read('inv_alpha_prod_to')
    golden.read('inv_t').forEach((t, i) => {
      const out = ddimInverseStep(
        schedule,
        golden.read(`inv_t${t}/model_output`),
        t,
        golden.read(`inv_t${t}/sample`),
        steps,
      )
      expect(out.alphaFrom).toBe(from[i])
      expect(out.alphaTo).toBe(to[i])
      expect(maxAbsDiff(out.nextSample, golden.read(`inv_t${t}/next_sample`))).toBeLessThanOrEqual(stepTolerance)
    })
  })
})

describe('classifier-free guidance + DDIM step (case_vjp)', () => {
  const golden = SafetensorsFile.open(join(goldenDir, vjpCase.file))
  afterAll(() => golden.close())

  it('combines uncond/cond predictions and steps to z_prev', () => {
    const scale = golden.read('guidance_scale')[0]
    const eps = cfgCombine(golden.read('eps_uncond'), golden.read('eps_cond'), scale)
    expect(maxAbsDiff(eps, golden.read('eps_cfg'))).toBeLessThanOrEqual(vjpCase.tolerance!.eps_cfg.suggested_atol)
    const t = golden.read('timestep')[0]
    const schedule = ddimSchedule(parseSchedulerConfig(ddimCase.scheduler_config))
    const steps = ddimCase.tensors.timesteps.shape[0] // 50: the step goes 501 → 481
    const { prevSample } = ddimStep(schedule, eps, t, golden.read('z_t'), steps)
    expect(maxAbsDiff(prevSample, golden.read('z_prev'))).toBeLessThanOrEqual(vjpCase.tolerance!.z_prev.suggested_atol)
  })
})
