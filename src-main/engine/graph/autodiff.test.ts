// Autodiff on a composite block, pruning, symbolic batch, and the errors a caller can cause.
import { describe, expect, it } from 'vitest'
import { normal, rng, testRuntime } from '../runtime/testing/checkOp'
import { type Tensor } from '../tensor'
import { vjp } from './autodiff'
import { Graph } from './graph'
import { attention, groupNorm, linear } from './nn'
import { emitOnnxBytes } from './onnx'
import type { Precision } from './precision'
import type { Value } from './types'
import { randomWeights } from './weights'

/** GroupNorm → conv → cross-attention on a text context → linear: x [N,8,4,4], ctx [N,5,6] → [N,16,8]. */
function block(g: Graph, x: Value, ctx: Value): Value {
  const p = (name: string, shape: number[]) => g.param(name, shape)
  const h = g.scope('norm', () => groupNorm(g, x, 2, p('weight', [8]), p('bias', [8])))
  const c = g.scope('conv', () => g.conv2d(h, p('weight', [8, 8, 3, 3]), p('bias', [8]), { pad: 1 }))
  const tokens = g.transpose(g.reshape(c, [x.shape[0], 8, 16]), [0, 2, 1]) // [N, 16, 8]
  const q = g.scope('to_q', () => linear(g, tokens, p('weight', [8, 8])))
  const k = g.scope('to_k', () => linear(g, ctx, p('weight', [8, 6])))
  const v = g.scope('to_v', () => linear(g, ctx, p('weight', [8, 6])))
  const a = attention(g, q, k, v, { heads: 2 }).out
  return g.scope('to_out', () => linear(g, a, p('weight', [8, 8]), p('bias', [8])))
}

function blockWithVjp(): { g: Graph; y: Value; dctx: Value } {
  const g = new Graph('blk')
  const x = g.input('x', 'float32', ['N', 8, 4, 4])
  const ctx = g.input('ctx', 'float32', ['N', 5, 6])
  const y = block(g, x, ctx)
  const dy = g.input('dy', 'float32', y.shape)
  const [dctx] = vjp(g, [y], [ctx], [dy])
  g.output('y', y)
  g.output('dctx', dctx)
  return { g, y, dctx }
}

const randn = (n: number, seed: number) => Float64Array.from({ length: n }, normal(rng(seed)))

async function runBlock(precision: Precision, batch: number) {
  const bytes = await emitOnnxBytes(blockWithVjp().g, { weights: randomWeights(7, 0.3), precision })
  const s = await (await testRuntime()).session(bytes)
  const f = (a: Float64Array) => (precision === 'fp64' ? a : Float32Array.from(a))
  const feeds = {
    x: { data: f(randn(batch * 128, 1)), shape: [batch, 8, 4, 4] },
    ctx: { data: f(randn(batch * 30, 2)), shape: [batch, 5, 6] },
    dy: { data: f(randn(batch * 128, 3)), shape: [batch, 16, 8] },
  }
  return { s, feeds, out: await s.run(feeds) }
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i], 0)
const norm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a))

describe('vjp', () => {
  it('GroupNorm → conv → attention → linear: d/d context matches finite differences (rel ≤ 1e-3)', async () => {
    const { s, feeds, out } = await runBlock('fp64', 2)
    const ctx = feeds.ctx.data as Float64Array
    const loss = async (c: Float64Array) =>
      dot((await s.run({ ...feeds, ctx: { ...feeds.ctx, data: c } })).y.data as Float64Array, feeds.dy.data)
    const eps = 1e-5
    const fd = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      const shifted = (d: number) => ctx.map((v, j) => (j === i ? v + d : v))
      fd[i] = ((await loss(shifted(eps))) - (await loss(shifted(-eps)))) / (2 * eps)
    }
    const analytic = out.dctx.data as Float64Array
    const err = norm(analytic.map((v, i) => v - fd[i])) / norm(fd)
    expect(err).toBeLessThan(1e-3)
    expect(norm(fd)).toBeGreaterThan(1e-3) // a real gradient, not zeros matching zeros
  })

  it('fp32 emission gives the same gradient as fp64, for any batch size', async () => {
    for (const batch of [1, 3]) {
      const [a, b] = [await runBlock('fp32', batch), await runBlock('fp64', batch)]
      const [ga, gb] = [a.out.dctx, b.out.dctx].map((t: Tensor) => Array.from(t.data as Float32Array))
      expect(a.out.dctx.shape).toEqual([batch, 5, 6])
      expect(norm(ga.map((v, i) => v - gb[i])) / norm(gb)).toBeLessThan(1e-5)
    }
  })

  it('prunes the backward graph to what wrt needs', () => {
    const { g } = blockWithVjp()
    const backward = g.nodes.filter((n) => n.name.includes('/grad/'))
    expect(backward.some((n) => n.op === 'ConvTranspose' || n.op === 'Conv')).toBe(false) // conv is off the path
    expect(backward.some((n) => n.name.startsWith('/blk/to_q/'))).toBe(false)
    expect(backward.some((n) => n.name.startsWith('/blk/to_k/'))).toBe(true)
    const weightGrad = (n: (typeof backward)[number]) => n.op === 'Gemm' && (n.attrs as { transA: boolean }).transA
    expect(backward.some(weightGrad)).toBe(false) // dW = xᵀ·dy would be a Gemm with transA
  })

  it('attention backward recomputes the probabilities: no forward [N, h, Nq, Nk] value is kept for it', () => {
    const { g } = blockWithVjp()
    const backward = g.nodes.filter((n) => n.scope.includes('/grad'))
    const kept = backward.flatMap((n) => n.inputs).filter((v) => v.producer && !v.producer.scope.includes('/grad'))
    expect(kept.filter((v) => v.shape.join() === 'N,2,16,5')).toEqual([])
    expect(backward.filter((n) => n.op === 'Softmax')).toHaveLength(1) // the recomputation, key-major
  })

  it('differentiates w.r.t. weights when asked (symbolic batch too)', async () => {
    const g = new Graph('w')
    const x = g.input('x', 'float32', ['N', 8, 4, 4])
    const y = block(g, x, g.input('ctx', 'float32', ['N', 5, 6]))
    const w = g.param('conv.weight', [8, 8, 3, 3])
    const [dw] = vjp(g, [y], [w], [g.input('dy', 'float32', y.shape)])
    g.output('dw', dw)
    const s = await (await testRuntime()).session(await emitOnnxBytes(g, { weights: randomWeights(7, 0.3) }))
    const f = (n: number, seed: number) => Float32Array.from(randn(n, seed))
    const feeds = { x: { data: f(256, 1), shape: [2, 8, 4, 4] }, ctx: { data: f(60, 2), shape: [2, 5, 6] } }
    const { dw: out } = await s.run({ ...feeds, dy: { data: f(256, 3), shape: [2, 16, 8] } })
    expect(out.shape).toEqual([8, 8, 3, 3])
    expect(norm(out.data as Float32Array)).toBeGreaterThan(0)
  })

  it('concat over a symbolic batch (CFG halves) splits the gradient back', async () => {
    const g = new Graph('cfg')
    const x = g.input('x', 'float32', ['N', 3])
    const both = g.concat([x, g.mul(x, 2)], 0) // ['2*N', 3]
    expect(both.shape).toEqual(['2*N', 3])
    const [dx] = vjp(g, [both], [x], [g.input('dy', 'float32', both.shape)])
    g.output('dx', dx)
    const s = await (await testRuntime()).session(await emitOnnxBytes(g, { weights: randomWeights() }))
    const dy = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    const r = await s.run({ x: { data: new Float32Array(6), shape: [2, 3] }, dy: { data: dy, shape: [4, 3] } })
    expect([...(r.dx.data as Float32Array)]).toEqual([1 + 14, 2 + 16, 3 + 18, 4 + 20, 5 + 22, 6 + 24])
  })
})

describe('vjp errors name the node', () => {
  it('asking for a non-differentiable (int64) input', () => {
    const g = new Graph('dca')
    const frames = g.input('frames', 'float32', ['F', 4])
    const idx = g.input('key_frame', 'int64', ['F'])
    const y = g.scope('attn1', () => g.gather(frames, idx))
    expect(() => vjp(g, [y], [idx], [g.input('dy', 'float32', y.shape)])).toThrow(
      "[input 'key_frame'] vjp: cannot differentiate w.r.t. int64 value key_frame; it feeds /dca/attn1/Gather (Gather)",
    )
  })

  it('a weight gradient of a grouped conv', () => {
    const g = new Graph('m')
    const x = g.input('x', 'float32', [1, 4, 5, 5])
    const w = g.param('w', [4, 2, 3, 3])
    const y = g.scope('dw', () => g.conv2d(x, w, undefined, { groups: 2 }))
    expect(() => vjp(g, [y], [w], [g.input('dy', 'float32', y.shape)])).toThrow(
      '[/m/dw/Conv] Conv: weight gradient with groups > 1 is not supported',
    )
  })

  it('a value read from inside a composite, or an input a composite did not declare', () => {
    const g = new Graph('m')
    const x = g.input('x', 'float32', [2, 3])
    let inner = x
    const [y] = g.scope('c', () =>
      g.composite(
        'twice',
        [x],
        () => [g.neg((inner = g.neg(x)))],
        (_g, [dy]) => [dy ?? null],
      ),
    )
    const dz = g.input('dz', 'float32', [2, 3])
    expect(() => vjp(g, [g.add(y, inner)], [x], [dz])).toThrow(
      '[/m/Add] reads a value inside composite /m/c/twice that is not one of its outputs',
    )
    const h = new Graph('m')
    const [a, b] = [h.input('a', 'float32', [2]), h.input('b', 'float32', [2])]
    const [p] = h.composite(
      'prod',
      [a],
      () => [h.mul(a, b)],
      (_g, [dy]) => [dy ?? null],
    )
    expect(() => vjp(h, [p], [a, b], [h.input('dp', 'float32', [2])])).toThrow(
      'composite /m/prod reads b float32[2], which is not one of its inputs',
    )
  })

  it('a cotangent of the wrong shape', () => {
    const g = new Graph('m')
    const x = g.input('x', 'float32', [2, 3])
    const y = g.scope('s', () => g.sigmoid(x))
    expect(() => vjp(g, [y], [x], [g.input('dy', 'float32', [3, 2])])).toThrow(
      '[/m/s/Sigmoid] cotangent float32[3,2] does not match output',
    )
  })
})
