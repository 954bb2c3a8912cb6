// One line per primitive: forward vs the TypeScript reference, VJP vs central finite differences,
// both run through onnxruntime (float64 emission; float32 inside for ops without a CPU double kernel).
// Inputs: '2x3' normal floats, '+2x3' positive floats, 'i:2,0' int64 indices, 'b:1,0' bools.
import { describe, expect, it } from 'vitest'
import { checkOp } from '../runtime/testing/checkOp'
import { ops } from './ops'
import * as R from './testing/ref'

const conv = (s = 1, p = 0, groups = 1, d = 1): R.ConvRef => ({
  stride: [s, s],
  pads: [p, p, p, p],
  dilation: [d, d],
  groups,
})
const [add, sub, mul, div] = [
  (x: number, y: number) => x + y,
  (x: number, y: number) => x - y,
  (x: number, y: number) => x * y,
  (x: number, y: number) => x / y,
]
const sig = (x: number) => 1 / (1 + Math.exp(-x))
const t2 = (a: R.Arr) => R.transpose(a, [1, 0])
const tested = new Set<string>()
const op = (name: keyof typeof ops, fn: () => Promise<void>) => (tested.add(name), it(name, fn))

describe('primitives: forward + VJP', () => {
  op('Add', () => checkOp('2x3 3', { op: (g, [a, b]) => g.add(a, b), ref: ([a, b]) => R.zip(a, b, add) }))
  op('Sub', () => checkOp('2x1 1x3', { op: (g, [a, b]) => g.sub(a, b), ref: ([a, b]) => R.zip(a, b, sub) }))
  op('Mul', () => checkOp('2x3 2x1', { op: (g, [a, b]) => g.mul(a, b), ref: ([a, b]) => R.zip(a, b, mul) }))
  op('Div', () => checkOp('2x3 +3', { op: (g, [a, b]) => g.div(a, b), ref: ([a, b]) => R.zip(a, b, div) }))
  op('Pow', () => checkOp('+2x3 3', { op: (g, [a, b]) => g.pow(a, b), ref: ([a, b]) => R.zip(a, b, Math.pow) }))
  op('Neg', () => checkOp('4', { op: (g, [x]) => g.neg(x), ref: ([x]) => R.map(x, (v) => -v) }))
  op('Sqrt', () => checkOp('+4', { op: (g, [x]) => g.sqrt(x), ref: ([x]) => R.map(x, Math.sqrt) }))
  op('Reciprocal', () => checkOp('+4', { op: (g, [x]) => g.reciprocal(x), ref: ([x]) => R.map(x, (v) => 1 / v) }))
  op('Exp', () => checkOp('4', { op: (g, [x]) => g.exp(x), ref: ([x]) => R.map(x, Math.exp) }))
  op('Log', () => checkOp('+4', { op: (g, [x]) => g.log(x), ref: ([x]) => R.map(x, Math.log) }))
  op('Erf', () => checkOp('2x4', { op: (g, [x]) => g.erf(x), ref: ([x]) => R.map(x, R.erf) }))
  op('Tanh', () => checkOp('4', { op: (g, [x]) => g.tanh(x), ref: ([x]) => R.map(x, Math.tanh) }))
  op('Sigmoid', () => checkOp('4', { op: (g, [x]) => g.sigmoid(x), ref: ([x]) => R.map(x, sig) }))
  op('MatMul', () => checkOp('2x3x4 4x5', { op: (g, [a, b]) => g.matmul(a, b), ref: ([a, b]) => R.matmul(a, b) }))
  it('MatMul, broadcast batch', () =>
    checkOp('2x1x3x4 3x4x2', { op: (g, [a, b]) => g.matmul(a, b), ref: ([a, b]) => R.matmul(a, b) }))
  op('Gemm', () =>
    checkOp('4x3 5x4 5', {
      op: (g, [a, b, c]) => g.gemm(a, b, c, { transA: true, transB: true, alpha: 0.5, beta: 2 }),
      ref: ([a, b, c]) => R.zip(R.matmul(t2(a), t2(b)), c, (x, y) => x / 2 + 2 * y),
    }),
  )
  it('Gemm, no transpose', () =>
    checkOp('3x4 4x2 3x2', {
      op: (g, [a, b, c]) => g.gemm(a, b, c),
      ref: ([a, b, c]) => R.zip(R.matmul(a, b), c, add),
    }))
  op('Conv', () =>
    checkOp('2x3x6x6 4x3x3x3 4', {
      op: (g, [x, w, b]) => g.conv2d(x, w, b, { pad: 1 }),
      ref: ([x, w, b]) => R.conv2d(x, w, b, conv(1, 1)),
    }),
  )
  it('Conv, stride 2 (odd size), dilation 2', () =>
    checkOp('1x2x7x7 3x2x3x3', {
      op: (g, [x, w]) => g.conv2d(x, w, undefined, { stride: 2, pad: 1, dilation: 2 }),
      ref: ([x, w]) => R.conv2d(x, w, null, conv(2, 1, 1, 2)),
    }))
  it('Conv, groups (input gradient)', () =>
    checkOp(
      '1x4x5x5 4x2x3x3',
      {
        op: (g, [x, w]) => g.conv2d(x, w, undefined, { groups: 2 }),
        ref: ([x, w]) => R.conv2d(x, w, null, conv(1, 0, 2)),
      },
      { wrt: [0] },
    ))
  op('ConvTranspose', () =>
    checkOp('1x3x4x4 3x2x3x3 2', {
      op: (g, [x, w, b]) => g.convTranspose2d(x, w, b, { stride: 2, pad: 1, outputPadding: 1 }),
      ref: ([x, w, b]) => R.convTranspose2d(x, w, b, { ...conv(2, 1), outPad: [1, 1] }),
    }),
  )
  op('Reshape', () =>
    checkOp('2x6', { op: (g, [x]) => g.reshape(x, [3, -1, 2]), ref: ([x]) => R.arr([3, 2, 2], x.data) }),
  )
  op('Transpose', () =>
    checkOp('2x3x4', { op: (g, [x]) => g.transpose(x, [2, 0, 1]), ref: ([x]) => R.transpose(x, [2, 0, 1]) }),
  )
  op('Concat', () =>
    checkOp('2x3 2x1', { op: (g, [a, b]) => g.concat([a, b], 1), ref: ([a, b]) => R.concat([a, b], 1) }),
  )
  op('Slice', () => checkOp('4x5', { op: (g, [x]) => g.slice(x, 1, 1, -1), ref: ([x]) => R.slice(x, 1, 1, 4) }))
  op('Split', () =>
    checkOp('3x6', { op: (g, [x]) => g.split(x, 1, [2, 4]), ref: ([x]) => [R.slice(x, 1, 0, 2), R.slice(x, 1, 2, 6)] }),
  )
  op('Pad', () => checkOp('2x3', { op: (g, [x]) => g.pad(x, [1, 0, 0, 2]), ref: ([x]) => R.pad(x, [1, 0, 0, 2]) }))
  op('Gather', () =>
    checkOp('3x2x2 i:2,0,2,1', { op: (g, [x, i]) => g.gather(x, i), ref: ([x]) => R.gather(x, [2, 0, 2, 1]) }),
  )
  op('ScatterAdd', () =>
    checkOp('3x2 i:1,1 2x2', {
      op: (g, [b, i, u]) => g.scatterAdd(b, i, u),
      ref: ([b, , u]) => R.scatterAdd(b, [1, 1], u),
    }),
  )
  op('Expand', () => checkOp('3x1', { op: (g, [x]) => g.expand(x, [2, 3, 4]), ref: ([x]) => R.expand(x, [2, 3, 4]) }))
  op('Where', () =>
    checkOp('b:1,0,1 2x3 3', { op: (g, [c, a, b]) => g.where(c, a, b), ref: ([c, a, b]) => R.where(c, a, b) }),
  )
  op('Cast', () => checkOp('2x2', { op: (g, [x]) => g.cast(g.cast(x, 'float64'), 'float32'), ref: ([x]) => x }))
  op('ReduceSum', () =>
    checkOp('2x3x4', { op: (g, [x]) => g.reduceSum(x, [0, 2], false), ref: ([x]) => R.reduce(x, [0, 2], false) }),
  )
  op('ReduceMean', () =>
    checkOp('2x3x4', { op: (g, [x]) => g.reduceMean(x, [1]), ref: ([x]) => R.reduce(x, [1], true, true) }),
  )
  op('Softmax', () => checkOp('2x5', { op: (g, [x]) => g.softmax(x, -1), ref: ([x]) => R.softmax(x, 1) }))
  op('InstanceNormalization', () =>
    checkOp('2x3x8 3 3', {
      op: (g, [x, s, b]) => g.instanceNorm(x, s, b, 1e-5),
      ref: ([x, s, b]) => R.normalize(x, [2], 1e-5, R.arr([3, 1], s.data), R.arr([3, 1], b.data)),
    }),
  )
  op('LayerNormalization', () =>
    checkOp('2x3x4 3x4 3x4', {
      op: (g, [x, s, b]) => g.layerNorm(x, s, b, { axis: 1 }),
      ref: ([x, s, b]) => R.normalize(x, [1, 2], 1e-5, s, b),
    }),
  )
  op('Resize', () =>
    checkOp('1x2x2x3', { op: (g, [x]) => g.upsampleNearest(x, 2), ref: ([x]) => R.resizeNearest(x, 2) }),
  )
  op('ZerosLike', () => checkOp('2x3', { op: (g, [x]) => g.add(g.zerosLike(x), x), ref: ([x]) => x }))

  it('covers every primitive', () => expect([...tested].sort()).toEqual(Object.keys(ops).sort()))
})
