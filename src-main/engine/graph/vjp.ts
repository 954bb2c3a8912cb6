// One VJP rule per primitive, standard ONNX ops only (onnxruntime has no training kernels).
// A rule gets the output cotangents and returns one cotangent per input that `needs` asks for (null =
// not differentiable there). Cotangents may keep broadcast shape: autodiff.ts reduces them to the input.
import type { Graph } from './graph'
import { type ConvAttrs, type OpAttrs, type PrimOp } from './ops'
import { inversePerm, normAxis, onnxExpandTarget, staticNumel } from './shape'
import { type Dim, GraphError, type GraphNode, isFloat, type Value } from './types'

export interface PrimNode<K extends PrimOp> extends GraphNode {
  readonly op: K
  readonly attrs: OpAttrs[K]
}
type Grad = Value | null | undefined
export type VjpRule<K extends PrimOp> = (g: Graph, dy: Value[], n: PrimNode<K>, needs: boolean[]) => Grad[]

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)

/** v broadcast to `like`'s shape: Expand when ONNX can express it, else zeros(like) + v. */
function broadcastTo(g: Graph, v: Value, like: Value): Value {
  try {
    onnxExpandTarget(v.shape, like.shape)
    return g.expand(v, like.shape)
  } catch {
    return g.add(g.zerosLike(like), v)
  }
}

/** The reduced axes put back as size 1 (undoes keepdims=false). */
function unsqueezeReduced(g: Graph, dy: Value, x: Value, a: OpAttrs['ReduceSum']): Value {
  if (a.keepdims) return dy
  const axes = a.axes.map((ax) => normAxis(ax, x.rank))
  return g.reshape(
    dy,
    x.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
  )
}

/**
 * dx of a normalisation over `axes` with scale γ: x̂ = (x − μ)·r, r = 1/√(σ² + ε), g = dy·γ,
 * dx = r·(g − mean(g) − x̂·mean(g·x̂)). Returns [dx, x̂] (x̂ is reused for dγ).
 */
function normGrad(g: Graph, dy: Value, x: Value, scale: Value, axes: number[], eps: number): [Value, Value] {
  return g.fp32(() => {
    const mu = g.reduceMean(x, axes)
    const xc = g.sub(x, mu)
    const r = g.reciprocal(g.sqrt(g.add(g.reduceMean(g.mul(xc, xc), axes), eps)))
    const xhat = g.mul(xc, r)
    const gy = g.mul(dy, scale)
    const inner = g.sub(g.sub(gy, g.reduceMean(gy, axes)), g.mul(xhat, g.reduceMean(g.mul(gy, xhat), axes)))
    return [g.mul(r, inner), xhat]
  })
}

/** Conv-shaped correlation used for both weight gradients (see the Conv and ConvTranspose rules). */
function weightCorrelation(g: Graph, input: Value, filter: Value, a: ConvAttrs, k: [number, number]): Value {
  const t = (v: Value) => g.transpose(v, [1, 0, 2, 3])
  const full = g.conv2d(t(input), t(filter), undefined, { stride: a.dilations, dilation: a.strides, pad: a.pads })
  return g.slice(g.slice(full, 2, 0, k[0]), 3, 0, k[1])
}

function convWeightGrad(g: Graph, n: GraphNode, what: string): void {
  if ((n.attrs as ConvAttrs).groups !== 1) {
    throw new GraphError(n.name, `${n.op}: ${what} gradient with groups > 1 is not supported`)
  }
}

const kernel = (w: Value): [number, number] => [Number(w.shape[2]), Number(w.shape[3])]
const biasGrad = (g: Graph, dy: Value) => g.reduceSum(dy, [0, 2, 3], false)

export const vjpRules: { [K in PrimOp]: VjpRule<K> } = {
  Add: (_g, [dy]) => [dy, dy],
  Sub: (g, [dy], _n, needs) => [dy, needs[1] ? g.neg(dy) : null],
  Mul: (g, [dy], { inputs: [a, b] }, needs) => [needs[0] && g.mul(dy, b), needs[1] && g.mul(dy, a)].map(orNull),
  Div: (g, [dy], { inputs: [, b], outputs: [y] }, needs) => [
    needs[0] ? g.div(dy, b) : null,
    needs[1] ? g.neg(g.div(g.mul(dy, y), b)) : null, // d(a/b)/db = −y/b
  ],
  Pow: (g, [dy], { inputs: [a, b], outputs: [y] }, needs) => [
    needs[0] ? g.mul(g.mul(dy, b), g.pow(a, g.sub(b, 1))) : null, // b·a^(b−1)
    needs[1] ? g.mul(g.mul(dy, y), g.log(a)) : null, // a^b·ln a
  ],
  Neg: (g, [dy]) => [g.neg(dy)],
  Sqrt: (g, [dy], { outputs: [y] }) => [g.div(g.mul(dy, 0.5), y)],
  Reciprocal: (g, [dy], { outputs: [y] }) => [g.neg(g.mul(dy, g.mul(y, y)))],
  Exp: (g, [dy], { outputs: [y] }) => [g.mul(dy, y)],
  Log: (g, [dy], { inputs: [x] }) => [g.div(dy, x)],
  Erf: (g, [dy], { inputs: [x] }) => [g.mul(dy, g.mul(g.exp(g.neg(g.mul(x, x))), 2 / Math.sqrt(Math.PI)))],
  Tanh: (g, [dy], { outputs: [y] }) => [g.mul(dy, g.sub(1, g.mul(y, y)))],
  Sigmoid: (g, [dy], { outputs: [y] }) => [g.mul(dy, g.mul(y, g.sub(1, y)))],
  MatMul: (g, [dy], { inputs: [a, b] }, needs) => {
    const swap = (v: Value) => g.transpose(v, [...range(0, v.rank - 2), v.rank - 1, v.rank - 2])
    return [needs[0] ? g.matmul(dy, swap(b)) : null, needs[1] ? g.matmul(swap(a), dy) : null]
  },
  Gemm: (g, [dy], { inputs: [a, b, c], attrs: t }, needs) => {
    const alpha = { alpha: t.alpha }
    const da = () =>
      t.transA
        ? g.gemm(b, dy, undefined, { ...alpha, transA: t.transB, transB: true })
        : g.gemm(dy, b, undefined, { ...alpha, transB: !t.transB })
    const db = () =>
      t.transB
        ? g.gemm(dy, a, undefined, { ...alpha, transA: true, transB: t.transA })
        : g.gemm(a, dy, undefined, { ...alpha, transA: !t.transA })
    return [needs[0] ? da() : null, needs[1] ? db() : null, c && needs[2] ? g.mul(dy, t.beta) : null]
  },
  Conv: (g, [dy], n, needs) => {
    const [x, w] = n.inputs
    const a = n.attrs
    const [h, wd] = [Number(x.shape[2]), Number(x.shape[3])]
    const k = kernel(w)
    // Output padding restores the input size lost to the stride: H − ((Ho−1)·s − p + d·(k−1) + 1).
    const outPad = ([0, 1] as const).map((i) => {
      const ho = Number(dy.shape[2 + i])
      return [h, wd][i] - ((ho - 1) * a.strides[i] - a.pads[i] - a.pads[i + 2] + a.dilations[i] * (k[i] - 1) + 1)
    }) as [number, number]
    const opts = { stride: a.strides, pad: a.pads, dilation: a.dilations, groups: a.groups, outputPadding: outPad }
    const dx = needs[0] ? g.convTranspose2d(dy, w, undefined, opts) : null
    if (needs[1]) convWeightGrad(g, n, 'weight')
    // dW[o,c,i,j] = Σ dy[n,o,y,x]·x[n,c,y·s+i·d−p,…]: a conv of xᵀ with dyᵀ, stride↔dilation swapped.
    const dw = needs[1] ? g.transpose(weightCorrelation(g, x, dy, a, k), [1, 0, 2, 3]) : null
    return [dx, dw, needs[2] ? biasGrad(g, dy) : null]
  },
  ConvTranspose: (g, [dy], n, needs) => {
    const [x, w] = n.inputs
    const a = n.attrs
    const opts = { stride: a.strides, pad: a.pads, dilation: a.dilations, groups: a.groups }
    const dx = needs[0] ? g.conv2d(dy, w, undefined, opts) : null
    if (needs[1]) convWeightGrad(g, n, 'weight')
    // dW[c,o,i,j] = Σ x[n,c,h,w]·dy[n,o,h·s+i·d−p,…]: a conv of dyᵀ with xᵀ.
    const dw = needs[1] ? g.transpose(weightCorrelation(g, dy, x, a, kernel(w)), [1, 0, 2, 3]) : null
    return [dx, dw, needs[2] ? biasGrad(g, dy) : null]
  },
  Reshape: (g, [dy], { inputs: [x] }) => [g.reshape(dy, x.shape)],
  Transpose: (g, [dy], { attrs }) => [g.transpose(dy, inversePerm(attrs.perm))],
  Concat: (g, [dy], { inputs, attrs }) =>
    inputs.length === 1
      ? [dy]
      : g.split(
          dy,
          attrs.axis,
          inputs.map((v) => v.shape[normAxis(attrs.axis, v.rank)]),
        ),
  Slice: (g, [dy], { inputs: [x], attrs: a }) => {
    const pads = new Array<number>(2 * x.rank).fill(0)
    a.axes.forEach((ax, i) => {
      const axis = normAxis(ax, x.rank)
      pads[axis] = a.starts[i]
      pads[axis + x.rank] = Number(x.shape[axis]) - a.ends[i]
    })
    return [g.pad(dy, pads)]
  },
  Split: (g, dys, { attrs }) => [g.concat(dys, attrs.axis)],
  Pad: (g, [dy], { inputs: [x], attrs: a }) => {
    let out = dy
    x.shape.forEach((d, axis) => {
      const [begin, end] = [a.pads[axis], a.pads[axis + x.rank]]
      if (begin || end) out = g.slice(out, axis, begin, begin + Number(d))
    })
    return [out]
  },
  Gather: (g, [dy], { inputs: [x, idx] }) => [g.scatterAdd(g.zerosLike(x), idx, dy), null],
  ScatterAdd: (g, [dy], { inputs: [, idx] }, needs) => [dy, null, needs[2] ? g.gather(dy, idx) : null],
  Expand: (_g, [dy]) => [dy], // the broadcast reduction in autodiff.ts sums the expanded axes
  Where: (g, [dy], { inputs: [c] }, needs) => [
    null,
    needs[1] ? g.where(c, dy, 0) : null,
    needs[2] ? g.where(c, 0, dy) : null,
  ],
  Cast: (g, [dy], { inputs: [x] }) => [isFloat(x.dtype) && isFloat(dy.dtype) ? g.cast(dy, x.dtype) : null],
  ReduceSum: (g, [dy], { inputs: [x], attrs }) => [broadcastTo(g, unsqueezeReduced(g, dy, x, attrs), x)],
  ReduceMean: (g, [dy], { inputs: [x], attrs }) => {
    const count = staticNumel(attrs.axes.map((ax) => x.shape[normAxis(ax, x.rank)]))
    return [broadcastTo(g, g.div(unsqueezeReduced(g, dy, x, attrs), count), x)]
  },
  Softmax: (g, [dy], { outputs: [y], attrs }) => [
    g.fp32(() => g.mul(y, g.sub(dy, g.reduceSum(g.mul(dy, y), [attrs.axis])))), // y·(dy − Σ dy·y)
  ],
  InstanceNormalization: (g, [dy], { inputs: [x, scale], attrs }, needs) => {
    const axes = range(2, x.rank)
    const perChannel = (v: Value) => g.reshape(v, [v.shape[0], ...axes.map(() => 1)]) // [C, 1, …]
    const [dx, xhat] = normGrad(g, dy, x, perChannel(scale), axes, attrs.epsilon)
    const sum = (v: Value) => g.reduceSum(v, [0, ...axes], false) // → [C]
    return [needs[0] ? dx : null, needs[1] ? sum(g.mul(dy, xhat)) : null, needs[2] ? sum(dy) : null]
  },
  LayerNormalization: (g, [dy], { inputs: [x, scale], attrs }, needs) => {
    const axis = normAxis(attrs.axis, x.rank)
    const [dx, xhat] = normGrad(g, dy, x, scale, range(axis, x.rank), attrs.epsilon)
    const sum = (v: Value) => (axis === 0 ? v : g.reduceSum(v, range(0, axis), false)) // → scale's shape
    return [needs[0] ? dx : null, needs[1] ? sum(g.mul(dy, xhat)) : null, needs[2] ? sum(dy) : null]
  },
  Resize: (g, [dy], { inputs: [x], attrs: { scale: s } }) => {
    const [n, c, h, w] = x.shape
    const blocks = g.reshape(dy, [n, c, h, s, w, s] as Dim[]) // [N, C, H, s, W, s]
    return [g.reduceSum(blocks, [3, 5], false)] // each input pixel receives its s×s block
  },
  ZerosLike: (g, _dy, { inputs: [x] }) => [g.zerosLike(x)],
}

function orNull(v: Value | false): Value | null {
  return v || null
}
