// UNet2DConditionModel parity with diffusers (golden case unet_forward): the output ε and every hooked
// intermediate (the LDM single file is checked in ldm_equivalence.test.ts); a perturbed weight must
// break parity (the test can fail).
import { beforeAll, describe, expect, it } from 'vitest'
import { Graph } from '../../src-main/engine/graph/graph'
import { emitOnnxBytes } from '../../src-main/engine/graph/onnx'
import type { WeightSource } from '../../src-main/engine/graph/weights'
import { graphWeights } from '../../src-main/engine/runners/graphWeights'
import { unet2DCondition } from '../../src-main/engine/models/sd15/unet'
import { openCheckpoint } from '../../src-main/engine/models/weights/source'
import { tensor, toFloat32 } from '../../src-main/engine/runtime'
import { expectClose, GoldenCase, goldenPath, maxAbsDiff, tinyConfigs } from './helpers/golden'
import { useGoldenRuntime } from './helpers/runtime'
import { moduleOutput } from './helpers/taps'

const configs = tinyConfigs()
const golden = new GoldenCase('unet_forward')
const sampleShape = golden.shape('sample')
const ctxShape = golden.shape('encoder_hidden_states')
const intermediates = Object.keys(golden.meta.tensors)
  .filter((k) => k.startsWith('intermediate/'))
  .map((k) => k.slice('intermediate/'.length))

function buildUnet(): Graph {
  const g = new Graph('unet')
  const sample = g.input('sample', 'float32', ['B', ...sampleShape.slice(1)])
  const timestep = g.input('timestep', 'int64', ['B'])
  const context = g.input('encoder_hidden_states', 'float32', ['B', ...ctxShape.slice(1)])
  g.output('out', unet2DCondition(g, configs.unet, { sample, timestep, context }))
  for (const m of intermediates) g.output(`intermediate/${m}`, moduleOutput(g, m))
  return g
}

const runtime = useGoldenRuntime(golden)

async function run(file: string, tweak?: (w: WeightSource) => WeightSource): Promise<Record<string, Float32Array>> {
  const source = openCheckpoint(goldenPath(file), { configs })
  try {
    const g = buildUnet()
    const weights = graphWeights(g, { weights: source.component('unet'), label: source.path })
    const session = await runtime().session(await emitOnnxBytes(g, { weights: tweak ? tweak(weights) : weights }))
    const out = await session.run({
      sample: tensor.f32(golden.read('sample'), sampleShape),
      timestep: tensor.i64(golden.read('timesteps'), [sampleShape[0]]),
      encoder_hidden_states: tensor.f32(golden.read('encoder_hidden_states'), ctxShape),
    })
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toFloat32(v)]))
  } finally {
    source.close()
  }
}

/** Intermediates have no tolerance of their own: allow the output's tolerance relative to each one's range. */
function relativeAtol(expected: Float32Array): number {
  const outMax = golden.meta.tolerance?.out.max_abs_value ?? 1
  const maxAbs = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
  return golden.atol('out') * Math.max(maxAbs / outMax, 0.1)
}

describe('UNet2DConditionModel against diffusers (case unet_forward)', () => {
  let outputs: Record<string, Float32Array>
  beforeAll(async () => {
    outputs = await run('unet.safetensors')
  })

  it('matches the predicted noise', () => {
    expectClose('out', outputs.out, golden.read('out'), golden.atol('out'))
  })

  it('matches every hooked intermediate', () => {
    expect(intermediates.length).toBeGreaterThan(0)
    for (const m of intermediates) {
      const expected = golden.read(`intermediate/${m}`)
      expectClose(m, outputs[`intermediate/${m}`], expected, relativeAtol(expected))
    }
  })

  it('fails parity when one weight is perturbed', async () => {
    const key = 'up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_v.weight'
    const bad = await run('unet.safetensors', (w) => async (k, info) => {
      const data = Float32Array.from((await w(k, info)) as Float32Array)
      if (k === key) data[0] += 0.05
      return data
    })
    expect(maxAbsDiff(bad.out, golden.read('out')).maxAbs).toBeGreaterThan(golden.atol('out'))
  })
})
