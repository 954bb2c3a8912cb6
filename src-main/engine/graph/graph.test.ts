// Builder behaviour: scopes and keys, constant dedup, symbolic shapes, build-time errors naming the node.
import { describe, expect, it } from 'vitest'
import { Graph } from './graph'
import { attention, groupNorm, linear } from './nn'

describe('Graph builder', () => {
  it('names nodes by scope path and params by checkpoint key', () => {
    const g = new Graph('unet')
    const x = g.input('x', 'float32', ['N', 4, 8, 8])
    const y = g.scope('down_blocks.0', () =>
      g.scope('resnets.0', () =>
        g.scope('conv1', () => g.conv2d(x, g.param('weight', [4, 4, 3, 3]), undefined, { pad: 1 })),
      ),
    )
    expect(y.producer?.name).toBe('/unet/down_blocks.0/resnets.0/conv1/Conv')
    expect(g.paramKeys()).toEqual([
      { key: 'down_blocks.0.resnets.0.conv1.weight', shape: [4, 4, 3, 3], dtype: 'float32' },
    ])
    expect(y.shape).toEqual(['N', 4, 8, 8])
  })

  it('puts a sub-model under its own node root and key prefix', () => {
    const g = new Graph('unet', { keyPrefix: 'model.diffusion_model.' })
    g.scope('conv_in', () => g.param('weight', [2]))
    const v = g.subgraph('controlnet', () => g.scope('conv_in', () => g.neg(g.param('weight', [2]))), {
      keyPrefix: 'control_model.',
    })
    expect(g.paramKeys().map((p) => p.key)).toEqual([
      'model.diffusion_model.conv_in.weight',
      'control_model.conv_in.weight',
    ])
    expect(v.producer?.name).toBe('/controlnet/conv_in/Neg')
  })

  it('deduplicates constants and numbers, and makes repeated node names unique', () => {
    const g = new Graph('t')
    const x = g.input('x', 'float32', [3])
    const a = g.add(x, 1)
    const b = g.add(a, 1)
    expect(a.producer?.inputs[1]).toBe(b.producer?.inputs[1])
    expect([a.producer?.name, b.producer?.name]).toEqual(['/t/Add', '/t/Add_1'])
  })

  it('infers symbolic shapes through attention and group norm', () => {
    const g = new Graph('t')
    const x = g.input('x', 'float32', ['B', 8, 4, 4])
    const ctx = g.input('ctx', 'float32', ['B', 5, 6])
    const n = groupNorm(g, x, 2, g.param('gn.w', [8]), g.param('gn.b', [8]))
    const t = g.transpose(g.reshape(n, ['B', 8, 16]), [0, 2, 1])
    const k = linear(g, ctx, g.param('k', [8, 6]))
    const { out, probs } = attention(g, t, k, k, { heads: 2 })
    expect(out.shape).toEqual(['B', 16, 8])
    expect(probs.shape).toEqual(['B', 2, 16, 5])
    expect(g.reshape(x, [-1, 4, 4]).shape).toEqual(['8*B', 4, 4])
  })
})

describe('build-time errors name the node', () => {
  it('mismatched matmul shapes', () => {
    const g = new Graph('unet')
    const a = g.input('a', 'float32', [2, 4096, 320])
    const w = g.input('w', 'float32', [768, 320])
    expect(() => g.scope('attn2', () => g.matmul(a, w))).toThrow(
      '[/unet/attn2/MatMul] MatMul: inner dims differ: [2,4096,320] @ [768,320]',
    )
  })

  it('conv channel mismatch and broadcast failure', () => {
    const g = new Graph('m')
    const x = g.input('x', 'float32', [1, 3, 8, 8])
    expect(() => g.conv2d(x, g.param('w', [4, 5, 3, 3]))).toThrow(/\[\/m\/Conv\] Conv: input channels 3/)
    expect(() => g.add(x, g.input('y', 'float32', [2, 8]))).toThrow(/\[\/m\/Add\] Add: cannot broadcast/)
  })

  it('unknown dtypes', () => {
    const g = new Graph('m')
    expect(() => g.input('x', 'float8' as 'float32', [1])).toThrow("[input 'x'] unknown dtype 'float8'")
    const x = g.input('y', 'float32', [1])
    expect(() => g.cast(x, 'complex64' as 'float32')).toThrow("[/m/Cast] unknown dtype 'complex64'")
  })

  it('bad reshape, duplicate names, conflicting params', () => {
    const g = new Graph('m')
    const x = g.input('x', 'float32', ['N', 6])
    expect(() => g.reshape(x, [4, -1])).toThrow(/\[\/m\/Reshape\] Reshape: cannot reshape \[N,6\] to \[4,-1\]/)
    expect(() => g.input('x', 'float32', [1])).toThrow(/already used/)
    g.param('w', [2])
    expect(() => g.param('w', [3])).toThrow("[param 'w'] declared again as float32[3]")
  })
})
