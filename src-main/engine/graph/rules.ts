// Shape/dtype rules and lowerings shared by several rows of the primitive table (ops.ts).
import { i64, int, ints, type LowerCtx } from './lower'
import type { ConvAttrs, OpAttrs, OpRow, OutSpec, ReduceAttrs } from './opTypes'
import { broadcastShapes, dimMul, isStaticDim, normAxis } from './shape'
import { type DType, type Dim, isFloat, type Shape, ShapeError, shapeStr, type Value } from './types'

type NoAttrs = Record<string, never>
type Pair = [number, number]

export const fail = (msg: string): never => {
  throw new ShapeError(msg)
}

export function sameDtype(ins: readonly Value[]): DType {
  const dt = ins[0].dtype
  for (const v of ins) if (v.dtype !== dt) fail(`dtype mismatch: ${ins.map((x) => x.dtype).join(' vs ')}`)
  return dt
}

export function floatDtype(ins: readonly Value[]): DType {
  const dt = sameDtype(ins)
  if (!isFloat(dt)) fail(`expects a float tensor, got ${dt}`)
  return dt
}

export const binary: OpRow<NoAttrs> = {
  arity: [2, 2],
  infer: (ins) => {
    const dtype = sameDtype(ins)
    if (dtype === 'bool') fail('arithmetic on bool tensors')
    return [{ dtype, shape: broadcastShapes(ins[0].shape, ins[1].shape) }]
  },
}
export const unary = (extra: Partial<OpRow<NoAttrs>> = {}): OpRow<NoAttrs> => ({
  arity: [1, 1],
  infer: (ins) => [{ dtype: floatDtype(ins), shape: [...ins[0].shape] }],
  ...extra,
})

export function matmulShape(a: Shape, b: Shape): Dim[] {
  if (a.length < 2 || b.length < 2) fail(`needs rank ≥ 2 operands, got ${shapeStr(a)} and ${shapeStr(b)}`)
  const [m, k] = a.slice(-2)
  const [k2, n] = b.slice(-2)
  if (k !== k2) fail(`inner dims differ: ${shapeStr(a)} @ ${shapeStr(b)}`)
  return [...broadcastShapes(a.slice(0, -2), b.slice(0, -2)), m, n]
}

export function spatial(x: Value, what: string): [number, number] {
  if (x.rank !== 4) fail(`${what} must be [N,C,H,W], got ${shapeStr(x.shape)}`)
  const [h, w] = x.shape.slice(2)
  if (!isStaticDim(h) || !isStaticDim(w)) fail(`${what} needs static H and W, got ${shapeStr(x.shape)}`)
  return [h as number, w as number]
}

export function convInfer(ins: readonly Value[], a: ConvAttrs, transpose: boolean, outPad: Pair = [0, 0]): OutSpec[] {
  const [x, w, b] = ins
  const dtype = floatDtype(ins)
  const [h, wd] = spatial(x, 'input')
  if (w.rank !== 4 || !isStaticDim(w.shape[2]) || !isStaticDim(w.shape[3])) {
    fail(`weight must be 4-D with a static kernel, got ${shapeStr(w.shape)}`)
  }
  const [w0, w1, kh, kw] = w.shape as [Dim, Dim, number, number]
  const cin = x.shape[1]
  const g = a.groups
  if (transpose ? cin !== w0 : cin !== dimMul(w1, g)) {
    fail(`input channels ${cin} do not match weight ${shapeStr(w.shape)} with groups=${g}`)
  }
  const cout = transpose ? dimMul(w1, g) : w0
  if (!transpose && typeof w0 === 'number' && w0 % g !== 0) fail(`output channels ${w0} not divisible by groups=${g}`)
  if (b && (b.rank !== 1 || b.shape[0] !== cout)) fail(`bias must be [${cout}], got ${shapeStr(b.shape)}`)
  const size = (n: number, k: number, i: 0 | 1) => {
    const [s, d, p] = [a.strides[i], a.dilations[i], a.pads[i] + a.pads[i + 2]]
    return transpose ? s * (n - 1) + outPad[i] + d * (k - 1) + 1 - p : Math.floor((n + p - d * (k - 1) - 1) / s) + 1
  }
  const oh = size(h, kh, 0)
  const ow = size(wd, kw, 1)
  if (oh < 1 || ow < 1) fail(`output would be empty (${oh}×${ow}) for input ${shapeStr(x.shape)}`)
  return [{ dtype, shape: [x.shape[0], cout, oh, ow] }]
}

export const convLower = (op: string) => (c: LowerCtx, a: ConvAttrs & { outputPadding?: Pair }) =>
  c.node(op, c.inputs, c.outputs, {
    strides: ints(a.strides),
    pads: ints(a.pads),
    dilations: ints(a.dilations),
    group: int(a.groups),
    ...(a.outputPadding ? { output_padding: ints(a.outputPadding) } : {}),
  })

export function reduceInfer(ins: readonly Value[], a: ReduceAttrs): OutSpec[] {
  const x = ins[0]
  const axes = a.axes.map((ax) => normAxis(ax, x.rank))
  if (new Set(axes).size !== axes.length || axes.length === 0) fail(`bad reduce axes [${a.axes}]`)
  const shape = x.shape.flatMap((d, i) => (axes.includes(i) ? (a.keepdims ? [1] : []) : [d]))
  return [{ dtype: floatDtype(ins), shape }]
}
export const reduceLower = (op: string) => (c: LowerCtx, a: ReduceAttrs) =>
  c.node(op, [c.inputs[0], i64(c, a.axes)], c.outputs, { keepdims: int(a.keepdims) })

export function checkSlice(x: Value, a: OpAttrs['Slice']): Dim[] {
  const shape = [...x.shape]
  a.axes.forEach((ax, i) => {
    const d = x.shape[normAxis(ax, x.rank)]
    const [s, e] = [a.starts[i], a.ends[i]]
    if (!isStaticDim(d) || s < 0 || e > d || s >= e) fail(`slice [${s}, ${e}) out of range for dim ${d} (axis ${ax})`)
    shape[normAxis(ax, x.rank)] = e - s
  })
  return shape
}
