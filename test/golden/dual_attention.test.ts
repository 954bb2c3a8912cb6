// Dual-consistency attention against the golden reference processor (case dual_attention) through the
// unetControlDca variant with the ControlNet at scale 0 (its residuals are then exactly zero): MGDM off
// gives out_dual, all-ones masks with MGDM on give the same, λ = (0, 0, 1) gives plain attention, and
// real masks change the result (so the mask path is live).
import { beforeAll, describe, expect, it } from 'vitest'
import { type Session, tensor } from '../../src-main/engine/runtime'
import { expectClose, GoldenCase, maxAbsDiff } from './helpers/golden'
import { useGoldenRuntime } from './helpers/runtime'
import { configs, runFloat, variantSession } from './helpers/variants'

const golden = new GoldenCase('dual_attention')
const sampleShape = golden.shape('sample')
const ctxShape = golden.shape('encoder_hidden_states')
const [frames, , h, w] = sampleShape
const up = 2 ** (configs.controlnet.conditioningEmbeddingOutChannels.length - 1)
// λ of the reference processor, as its description states them: "… Frame i>0: 0.7*Attn(Q_i,K_0,V_0) + …"
const MIX =
  /([\d.]+)\*Attn\(Q_i,K_0,V_0\) \+ ([\d.]+)\*Attn\(Q_i,K_\{i-1\},V_\{i-1\}\) \+ ([\d.]+)\*Attn\(Q_i,K_i,V_i\)/
const mix = MIX.exec(golden.meta.description ?? '')
if (!mix) throw new Error(`the dual_attention case description states no λ mix: ${golden.meta.description}`)
const LAMBDA = mix.slice(1, 4).map(Number)

const runtime = useGoldenRuntime(golden)
let dca: Session
beforeAll(async () => {
  dca = await variantSession(runtime(), {
    kind: 'unetControlDca',
    latentHeight: h,
    latentWidth: w,
    tokens: ctxShape[1],
  })
})

/** Frame i attends to frame 0 and frame i − 1; frame 0 to itself. */
const frame0 = new Array<number>(frames).fill(0)
const prev = Array.from({ length: frames }, (_, i) => Math.max(i - 1, 0))

/** A character mask: the left half of the latent for every frame. */
const halfMask = Float32Array.from({ length: frames * h * w }, (_, i) => (i % w < w / 2 ? 1 : 0))

async function run(o: { weights?: number[]; mask?: Float32Array; mgdm?: number[] }) {
  const out = await runFloat(dca, {
    sample: tensor.f32(golden.read('sample'), sampleShape),
    timestep: tensor.i64(golden.read('timesteps'), [frames]),
    encoder_hidden_states: tensor.f32(golden.read('encoder_hidden_states'), ctxShape),
    control_image: tensor.f32(new Float32Array(frames * 3 * h * up * w * up), [frames, 3, h * up, w * up]),
    control_scale: tensor.f32(new Float32Array(frames), [frames]),
    frame0_index: tensor.i64(frame0),
    prev_index: tensor.i64(prev),
    dca_weights: tensor.f32(o.weights ?? LAMBDA, [3]),
    mask: tensor.f32(o.mask ?? halfMask, [frames, 1, h, w]),
    mgdm: tensor.f32(o.mgdm ?? new Array<number>(frames).fill(0), [frames]),
  })
  return out.noise_pred
}

describe('unetControlDca against the golden dual-consistency processor', () => {
  let plainDca: Float32Array
  beforeAll(async () => {
    plainDca = await run({})
  })

  it('with MGDM off matches out_dual, frame 0 included', () => {
    expectClose('out_dual', plainDca, golden.read('out_dual'), golden.atol('out_dual'))
  })

  it('with all-ones masks and MGDM on equals unmasked DCA', async () => {
    const ones = await run({
      mask: new Float32Array(frames * h * w).fill(1),
      mgdm: [0, ...new Array<number>(frames - 1).fill(1)],
    })
    expect(maxAbsDiff(ones, plainDca).maxAbs).toBeLessThanOrEqual(1e-6)
  })

  it('with λ = (0, 0, 1) equals plain self-attention', async () => {
    const plain = await run({ weights: [0, 0, 1] })
    expectClose('out_plain', plain, golden.read('out_plain'), golden.atol('out_plain'))
  })

  it('with a real mask and MGDM on changes frames > 0 but not frame 0 (MGDM off there)', async () => {
    const masked = await run({ mgdm: [0, ...new Array<number>(frames - 1).fill(1)] })
    const frame = h * w * sampleShape[1]
    expect(maxAbsDiff(masked.subarray(0, frame), plainDca.subarray(0, frame)).maxAbs).toBe(0)
    expect(maxAbsDiff(masked.subarray(frame), plainDca.subarray(frame)).maxAbs).toBeGreaterThan(golden.atol('out_dual'))
  })
})
