// graphWeights: one source for a graph over one or several checkpoint components (split by key prefix),
// with coverage checked per part before anything is read.
import { describe, expect, it } from 'vitest'
import { Graph } from '../graph/graph'
import { graphWeights } from './graphWeights'
import { type Component, ComponentWeights } from '../models/weights/component'

/** A component holding `tensors` (key → shape); each tensor's values are its size repeated. */
function component(name: Component, tensors: Record<string, number[]>): ComponentWeights {
  const c = new ComponentWeights(name)
  for (const [key, shape] of Object.entries(tensors)) {
    const n = shape.reduce((a, b) => a * b, 1)
    const read = () => new Float32Array(n).fill(n)
    c.add({
      key,
      shape,
      dtype: 'F32',
      file: `${name}.safetensors`,
      sourceKey: key,
      read,
      readRaw: () => new Uint8Array(),
    })
  }
  return c
}

/** A graph with a root model (conv_in) and a sub-model under 'controlnet.' (conv_in, zero conv). */
function twoModelGraph(): Graph {
  const g = new Graph('unet')
  const x = g.input('x', 'float32', [1, 2, 4, 4])
  const root = g.scope('conv_in', () => g.conv2d(x, g.param('weight', [3, 2, 1, 1])))
  const control = g.subgraph(
    'controlnet',
    () => g.scope('conv_in', () => g.conv2d(x, g.param('weight', [3, 2, 1, 1]), g.param('bias', [3]))),
    { keyPrefix: 'controlnet.' },
  )
  g.output('y', g.add(root, control))
  return g
}

const unet = () => component('unet', { 'conv_in.weight': [3, 2, 1, 1] })
const control = (extra: Record<string, number[]> = {}) =>
  component('controlnet', { 'conv_in.weight': [3, 2, 1, 1], 'conv_in.bias': [3], ...extra })

describe('graphWeights', () => {
  it('serves each key from its part: the root model and the one under a prefix', async () => {
    const source = graphWeights(
      twoModelGraph(),
      { weights: unet(), label: 'sd.safetensors' },
      { prefix: 'controlnet.', weights: control(), label: 'cn.safetensors' },
    )
    const info = { key: '', shape: [], dtype: 'float32' as const }
    expect(await source('controlnet.conv_in.bias', info)).toEqual(new Float32Array([3, 3, 3]))
    expect(await source('conv_in.weight', info)).toEqual(new Float32Array(6).fill(6))
    expect(() => source('nope', info)).toThrow('graph unet asked for "nope", which it never declared')
  })

  it('names the component, the file and the keys that are missing or left over', () => {
    const missing = component('controlnet', { 'conv_in.weight': [3, 2, 1, 1] })
    expect(() =>
      graphWeights(
        twoModelGraph(),
        { weights: unet(), label: 'sd.safetensors' },
        { prefix: 'controlnet.', weights: missing, label: 'cn.safetensors' },
      ),
    ).toThrow(/controlnet weights in cn\.safetensors .*missing 1: conv_in\.bias/)
    const leftover = control({ 'zero_convs.0.weight': [3, 3, 1, 1] })
    expect(() =>
      graphWeights(
        twoModelGraph(),
        { weights: unet(), label: 'sd.safetensors' },
        { prefix: 'controlnet.', weights: leftover, label: 'cn.safetensors' },
      ),
    ).toThrow(/not used by the model 1: zero_convs\.0\.weight/)
  })

  it('judges a part against its whole model when the graph uses only some of it', () => {
    const g = new Graph('clip')
    g.output(
      'y',
      g.scope('conv_in', () => g.conv2d(g.input('x', 'float32', [1, 2, 4, 4]), g.param('weight', [3, 2, 1, 1]))),
    )
    const weights = component('unet', { 'conv_in.weight': [3, 2, 1, 1], 'conv_out.weight': [2, 3, 1, 1] })
    expect(() => graphWeights(g, { weights, label: 'm' })).toThrow(/not used by the model 1: conv_out\.weight/)
    const model = [
      { key: 'conv_in.weight', shape: [3, 2, 1, 1], dtype: 'float32' as const },
      { key: 'conv_out.weight', shape: [2, 3, 1, 1], dtype: 'float32' as const },
    ]
    expect(() => graphWeights(g, { weights, label: 'm', model })).not.toThrow()
    const outOnly = component('unet', { 'conv_out.weight': [2, 3, 1, 1] })
    expect(() => graphWeights(g, { weights: outOnly, label: 'm', model: model.slice(1) })).toThrow(
      'graph clip uses "conv_in.weight", which the model of m does not list',
    )
  })

  it('refuses a graph parameter that no part covers', () => {
    expect(() =>
      graphWeights(twoModelGraph(), { prefix: 'controlnet.', weights: control(), label: 'cn.safetensors' }),
    ).toThrow('graph unet uses "conv_in.weight", which belongs to no model part')
  })
})
