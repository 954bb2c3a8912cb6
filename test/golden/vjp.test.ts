// Gradient w.r.t. the text embedding through ControlNet + UNet (golden case vjp), with the unetControlGrad
// variant: (1) the DDIM-step loss under CFG 7.5, the uncond branch constant, its upstream gradient given
// in the affine form dε = offset + scale·ε; (2) the simple case sum(unet_out · W) with the ControlNet off.
import { beforeAll, describe, expect, it } from 'vitest'
import { ddimSchedule, ddimStep } from '../../src-main/engine/diffusion/ddim'
import { parseSchedulerConfig } from '../../src-main/engine/models/config'
import { type Session, tensor } from '../../src-main/engine/runtime'
import { expectClose, GoldenCase, goldenJson, manifest } from './helpers/golden'
import { recordError } from './helpers/providerTolerance'
import { useGoldenRuntime } from './helpers/runtime'
import { relativeError, runFloat, variantSession } from './helpers/variants'

const golden = new GoldenCase('vjp')
const latentShape = golden.shape('z_t')
const ctxShape = golden.shape('encoder_hidden_states_cond')
const imageShape = golden.shape('controlnet_cond')
const [, , h, w] = latentShape
const n = latentShape.reduce((a, b) => a * b, 1)
const t = Number(golden.read('timestep')[0])
const guidance = golden.read('guidance_scale')[0]
const scheduler = parseSchedulerConfig(goldenJson('pipeline_scheduler_scheduler_config.json'))
// The sampler the case's DDIM step belongs to: the one case ddim lists (50 steps in the real set: 501 → 481).
const NUM_STEPS = manifest.cases.ddim.tensors.timesteps.shape[0]

const runtime = useGoldenRuntime(golden)
let grad: Session
beforeAll(async () => {
  grad = await variantSession(runtime(), {
    kind: 'unetControlGrad',
    latentHeight: h,
    latentWidth: w,
    tokens: ctxShape[1],
  })
})

function feeds(sample: string, context: Float32Array, controlScale: number, offset: Float32Array, coef: number) {
  return {
    sample: tensor.f32(golden.read(sample), latentShape),
    timestep: tensor.i64([t], [1]),
    encoder_hidden_states: tensor.f32(context, ctxShape),
    control_image: tensor.f32(golden.read('controlnet_cond'), imageShape),
    control_scale: tensor.f32([controlScale], [1]),
    grad_noise_pred: tensor.f32(offset, latentShape),
    grad_noise_scale: tensor.f32([coef], [1]),
  }
}

describe('gradient of the DDIM-step loss w.r.t. the conditional embedding (CFG, ControlNet on)', () => {
  it('matches eps_uncond, eps_cond and grad_ehs_cond (relative error ≤ 1e-3)', async () => {
    const zeros = new Float32Array(n)
    const uncond = await runFloat(grad, feeds('z_t', golden.read('encoder_hidden_states_uncond'), 1, zeros, 0))
    expectClose('eps_uncond', uncond.noise_pred, golden.read('eps_uncond'), golden.atol('eps_uncond'))

    // z_prev = c1·z_t + c2·ε_cfg with ε_cfg = (1 − w)·ε_u + w·ε_c, loss = mean((z_prev − target)²):
    // dLoss/dε_c = (2·w·c2/n)·(c1·z_t + c2·(1 − w)·ε_u − target) + (2·(w·c2)²/n)·ε_c
    const step = ddimStep(ddimSchedule(scheduler), new Float32Array(n), t, new Float32Array(n), NUM_STEPS)
    const [sa, sb] = [Math.sqrt(step.alphaProdT), Math.sqrt(1 - step.alphaProdT)]
    const [sap, sbp] = [Math.sqrt(step.alphaProdTPrev), Math.sqrt(1 - step.alphaProdTPrev)]
    const [c1, c2] = [sap / sa, sbp - (sap * sb) / sa]
    const [zt, target] = [golden.read('z_t'), golden.read('z_prev_target')]
    const offset = zt.map(
      (z, i) => ((2 * guidance * c2) / n) * (c1 * z + c2 * (1 - guidance) * uncond.noise_pred[i] - target[i]),
    )
    const coef = (2 * (guidance * c2) ** 2) / n

    const cond = await runFloat(grad, feeds('z_t', golden.read('encoder_hidden_states_cond'), 1, offset, coef))
    expectClose('eps_cond', cond.noise_pred, golden.read('eps_cond'), golden.atol('eps_cond'))
    const error = relativeError(cond.grad_encoder_hidden_states, golden.read('grad_ehs_cond'))
    recordError('grad_ehs_cond (relative)', error, 1e-3)
    expect(error, `grad_ehs_cond relative error ${error}`).toBeLessThanOrEqual(1e-3)
  })
})

describe('gradient of sum(unet_out · W) w.r.t. the embedding (ControlNet scale 0)', () => {
  it('matches simple/unet_out and simple/grad_encoder_hidden_states (relative error ≤ 1e-3)', async () => {
    const out = await runFloat(
      grad,
      feeds('simple/sample', golden.read('simple/encoder_hidden_states'), 0, golden.read('simple/weights'), 0),
    )
    expectClose('simple/unet_out', out.noise_pred, golden.read('simple/unet_out'), golden.atol('simple/unet_out'))
    const error = relativeError(out.grad_encoder_hidden_states, golden.read('simple/grad_encoder_hidden_states'))
    recordError('simple/grad_encoder_hidden_states (relative)', error, 1e-3)
    expect(error, `simple grad relative error ${error}`).toBeLessThanOrEqual(1e-3)
  })

  it('returns head- and layer-averaged cross-attention maps whose rows sum to 1', async () => {
    const zeros = new Float32Array(n)
    const out = await runFloat(grad, feeds('simple/sample', golden.read('simple/encoder_hidden_states'), 0, zeros, 0))
    const tokens = ctxShape[1]
    const cells = (h / 4) * (w / 4)
    expect(out.attention_maps.length).toBe(cells * tokens)
    for (let r = 0; r < cells; r++) {
      const row = out.attention_maps.subarray(r * tokens, (r + 1) * tokens)
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5)
    }
  })
})
