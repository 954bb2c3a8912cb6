// ControlNetModel parity with diffusers (golden case controlnet_forward) at both conditioning scales:
// the conditioning embedding, the 12 + 1 residuals, and the UNet with those residuals added; a perturbed
// ControlNet weight must break parity.
import { beforeAll, describe, expect, it } from 'vitest'
import { Graph } from '../../src-main/engine/graph/graph'
import { emitOnnxBytes } from '../../src-main/engine/graph/onnx'
import type { WeightSource } from '../../src-main/engine/graph/weights'
import { controlNet } from '../../src-main/engine/models/sd15/controlnet'
import { unet2DCondition } from '../../src-main/engine/models/sd15/unet'
import { graphWeights } from '../../src-main/engine/runners/graphWeights'
import { openCheckpoint } from '../../src-main/engine/models/weights/source'
import { tensor, toFloat32 } from '../../src-main/engine/runtime'
import { expectClose, GoldenCase, goldenPath, maxAbsDiff, tinyConfigs } from './helpers/golden'
import { useGoldenRuntime } from './helpers/runtime'
import { moduleOutput } from './helpers/taps'
import { runFloat, variantSession } from './helpers/variants'

const configs = tinyConfigs()
const golden = new GoldenCase('controlnet_forward')
const sampleShape = golden.shape('sample')
const ctxShape = golden.shape('encoder_hidden_states')
const imageShape = golden.shape('controlnet_cond')
const batch = sampleShape[0]
const residualCount = Object.keys(golden.meta.tensors).filter((k) => k.startsWith('s1/down_block_res_sample_')).length

/** ControlNet (keys under 'controlnet.') feeding the UNet, with the residuals as outputs too. */
function buildGraph(): Graph {
  const g = new Graph('unet')
  const sample = g.input('sample', 'float32', ['B', ...sampleShape.slice(1)])
  const timestep = g.input('timestep', 'int64', ['B'])
  const context = g.input('encoder_hidden_states', 'float32', ['B', ...ctxShape.slice(1)])
  const image = g.input('control_image', 'float32', ['B', ...imageShape.slice(1)])
  const scale = g.input('control_scale', 'float32', ['B'])
  const control = g.subgraph('controlnet', () =>
    controlNet(g, configs.controlnet, { sample, timestep, context, image, scale }),
  )
  g.output('cond_embedding', moduleOutput(g, 'controlnet_cond_embedding', 'controlnet'))
  control.down.forEach((r, i) => g.output(`down_block_res_sample_${i}`, r))
  g.output('mid_block_res_sample', control.mid)
  g.output('unet_with_control', unet2DCondition(g, configs.unet, { sample, timestep, context }, { control }))
  return g
}

const unetFile = openCheckpoint(goldenPath('unet.safetensors'), { configs })
const controlFile = openCheckpoint(goldenPath('controlnet.safetensors'), { configs })
const runtime = useGoldenRuntime(golden, unetFile, controlFile)

async function session(tweak?: (w: WeightSource) => WeightSource) {
  const g = buildGraph()
  const weights = graphWeights(
    g,
    { weights: unetFile.component('unet'), label: unetFile.path },
    { prefix: 'controlnet.', weights: controlFile.component('controlnet'), label: controlFile.path },
  )
  return runtime().session(await emitOnnxBytes(g, { weights: tweak ? tweak(weights) : weights }))
}

async function run(scale: number, tweak?: (w: WeightSource) => WeightSource): Promise<Record<string, Float32Array>> {
  const s = await session(tweak)
  const out = await s.run({
    sample: tensor.f32(golden.read('sample'), sampleShape),
    timestep: tensor.i64(golden.read('timesteps'), [batch]),
    encoder_hidden_states: tensor.f32(golden.read('encoder_hidden_states'), ctxShape),
    control_image: tensor.f32(golden.read('controlnet_cond'), imageShape),
    control_scale: tensor.f32(new Array<number>(batch).fill(scale), [batch]),
  })
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toFloat32(v)]))
}

describe.each([
  { prefix: 's1', scale: 1 },
  { prefix: 's05', scale: 0.5 },
])('ControlNetModel against diffusers at conditioning scale $scale', ({ prefix, scale }) => {
  let outputs: Record<string, Float32Array>
  beforeAll(async () => {
    outputs = await run(scale)
  })

  it('matches the conditioning embedding', () => {
    expectClose('cond_embedding', outputs.cond_embedding, golden.read('cond_embedding'), golden.atol('cond_embedding'))
  })

  it('matches every down residual and the mid residual', () => {
    expect(residualCount).toBeGreaterThan(0)
    const names = [
      ...Array.from({ length: residualCount }, (_, i) => `down_block_res_sample_${i}`),
      'mid_block_res_sample',
    ]
    for (const name of names) {
      const key = `${prefix}/${name}`
      expectClose(key, outputs[name], golden.read(key), golden.atol(key))
    }
  })

  it('matches the UNet with the residuals added', () => {
    const key = `${prefix}/unet_with_control`
    expectClose(key, outputs.unet_with_control, golden.read(key), golden.atol(key))
  })
})

describe('the unetControl variant (UNet + ControlNet in one graph)', () => {
  it.each([
    { prefix: 's1', scale: 1 },
    { prefix: 's05', scale: 0.5 },
  ])('matches $prefix/unet_with_control', async ({ prefix, scale }) => {
    const [h, w] = sampleShape.slice(2)
    const spec = { kind: 'unetControl', latentHeight: h, latentWidth: w, tokens: ctxShape[1] } as const
    const out = await runFloat(await variantSession(runtime(), spec), {
      sample: tensor.f32(golden.read('sample'), sampleShape),
      timestep: tensor.i64(golden.read('timesteps'), [batch]),
      encoder_hidden_states: tensor.f32(golden.read('encoder_hidden_states'), ctxShape),
      control_image: tensor.f32(golden.read('controlnet_cond'), imageShape),
      control_scale: tensor.f32(new Array<number>(batch).fill(scale), [batch]),
    })
    const key = `${prefix}/unet_with_control`
    expectClose(key, out.noise_pred, golden.read(key), golden.atol(key))
  })
})

describe('ControlNet parity checks can fail', () => {
  it('breaks when one zero-conv weight is perturbed', async () => {
    const key = 'controlnet.controlnet_down_blocks.4.weight'
    const bad = await run(1, (w) => async (k, info) => {
      const data = Float32Array.from((await w(k, info)) as Float32Array)
      if (k === key) data[0] += 0.05
      return data
    })
    const diff = maxAbsDiff(bad.down_block_res_sample_4, golden.read('s1/down_block_res_sample_4')).maxAbs
    expect(diff).toBeGreaterThan(golden.atol('s1/down_block_res_sample_4'))
  })
})
