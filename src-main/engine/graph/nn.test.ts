// Composites: forward vs TypeScript references, VJP (through their primitives) vs finite differences.
import { describe, it } from 'vitest'
import { checkOp } from '../runtime/testing/checkOp'
import { attention, gelu, geglu, groupNorm, linear, silu } from './nn'
import * as R from './testing/ref'

const geluRef = (x: number) => 0.5 * x * (1 + R.erf(x / Math.SQRT2))

/** Reference multi-head attention on [B, N, C] arrays: per head softmax(q·kᵀ·scale + mask)·v. */
function attentionRef(q: R.Arr, k: R.Arr, v: R.Arr, heads: number, mask?: R.Arr): R.Arr {
  const [b, nq, c] = q.shape
  const d = c / heads
  const split = (x: R.Arr) => R.transpose(R.arr([x.shape[0], x.shape[1], heads, d], x.data), [0, 2, 1, 3])
  let scores = R.map(R.matmul(split(q), R.transpose(split(k), [0, 1, 3, 2])), (s) => s / Math.sqrt(d))
  if (mask) scores = R.zip(scores, mask, (s, m) => s + m)
  const out = R.matmul(R.softmax(scores, 3), split(v)) // [B, h, Nq, d]
  return R.arr([b, nq, c], R.transpose(out, [0, 2, 1, 3]).data)
}

describe('composites', () => {
  it('SiLU', () =>
    checkOp('2x3', { op: (g, [x]) => silu(g, x), ref: ([x]) => R.map(x, (v) => v / (1 + Math.exp(-v))) }))
  it('GELU (exact)', () => checkOp('2x3', { op: (g, [x]) => gelu(g, x), ref: ([x]) => R.map(x, geluRef) }))
  it('GEGLU', () =>
    checkOp('2x3x8', {
      op: (g, [x]) => geglu(g, x),
      ref: ([x]) => R.zip(R.slice(x, 2, 0, 4), R.map(R.slice(x, 2, 4, 8), geluRef), (h, gt) => h * gt),
    }))
  it('Linear (3-D input, bias)', () =>
    checkOp('2x3x4 5x4 5', {
      op: (g, [x, w, b]) => linear(g, x, w, b),
      ref: ([x, w, b]) => R.zip(R.matmul(x, R.transpose(w, [1, 0])), b, (p, q) => p + q),
    }))
  it('GroupNorm via InstanceNormalization', () =>
    checkOp('2x4x3x3 4 4', {
      op: (g, [x, s, b]) => groupNorm(g, x, 2, s, b, 1e-6),
      ref: ([x, s, b]) => {
        const grouped = R.normalize(R.arr([2, 2, 18], x.data), [2], 1e-6, R.arr([1], [1]), R.arr([1], [0]))
        const perC = (a: R.Arr) => R.arr([4, 1, 1], a.data)
        return R.zip(
          R.zip(R.arr([2, 4, 3, 3], grouped.data), perC(s), (p, q) => p * q),
          perC(b),
          (p, q) => p + q,
        )
      },
    }))
  it('multi-head attention: probabilities as a second output (cotangents on both)', () =>
    checkOp('2x4x6 2x3x6 2x3x6', {
      op: (g, [q, k, v]) => {
        const a = attention(g, q, k, v, { heads: 2 })
        return [a.out, a.probs]
      },
      ref: ([q, k, v]) => {
        const split = (x: R.Arr, d: number) => R.transpose(R.arr([x.shape[0], x.shape[1], 2, d], x.data), [0, 2, 1, 3])
        const scores = R.matmul(split(q, 3), R.transpose(split(k, 3), [0, 1, 3, 2]))
        return [
          attentionRef(q, k, v, 2),
          R.softmax(
            R.map(scores, (s) => s / Math.sqrt(3)),
            3,
          ),
        ]
      },
    }))
  it('multi-head attention with an additive key mask', () =>
    checkOp('2x3x8 2x5x8 2x5x8 2x1x1x5', {
      op: (g, [q, k, v, m]) => attention(g, q, k, v, { heads: 2, mask: m }).out,
      ref: ([q, k, v, m]) => attentionRef(q, k, v, 2, m),
    }))
})
