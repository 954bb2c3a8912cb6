// The closed list of primitives: attributes, forward shape/dtype rule and ONNX lowering, one row each.
// Their VJP rules live in vjp.ts in a table keyed by the same names (the compiler checks both are complete).
import { float, i64, int, ints, str, tensorAttr } from './lower'
import {
  broadcastShapes,
  dimAdd,
  inversePerm,
  isStaticDim,
  normAxis,
  numel,
  onnxExpandTarget,
  onnxReshapeTarget,
  sameShape,
} from './shape'
import {
  binary,
  checkSlice,
  convInfer,
  convLower,
  fail,
  floatDtype,
  matmulShape,
  reduceInfer,
  reduceLower,
  sameDtype,
  spatial,
  unary,
} from './rules'
import type { OpAttrs, OpRow, PrimOp } from './opTypes'
import { assertDType, type DType, type Dim, shapeStr } from './types'

export type { ConvAttrs, OpAttrs, OpRow, OutSpec, PrimOp, ReduceAttrs } from './opTypes'

export const ops: { [K in PrimOp]: OpRow<OpAttrs[K]> } = {
  Add: binary,
  Sub: binary,
  Mul: binary,
  Div: binary,
  Pow: { ...binary, keepF32: true },
  Neg: unary(),
  Sqrt: unary(),
  Reciprocal: unary(),
  Exp: unary({ keepF32: true }),
  Log: unary(),
  Erf: unary({ noF64: true }),
  Tanh: unary(),
  Sigmoid: unary(),
  MatMul: {
    arity: [2, 2],
    infer: (ins) => [{ dtype: floatDtype(ins), shape: matmulShape(ins[0].shape, ins[1].shape) }],
  },
  Gemm: {
    arity: [2, 3],
    infer: (ins, a) => {
      const [x, w, bias] = ins
      if (x.rank !== 2 || w.rank !== 2) fail(`needs 2-D operands, got ${shapeStr(x.shape)} and ${shapeStr(w.shape)}`)
      const [m, k] = a.transA ? [x.shape[1], x.shape[0]] : x.shape
      const [k2, n] = a.transB ? [w.shape[1], w.shape[0]] : w.shape
      if (k !== k2)
        fail(`inner dims differ: ${shapeStr(x.shape)} @ ${shapeStr(w.shape)} (transA=${a.transA}, transB=${a.transB})`)
      if (bias) broadcastShapes(bias.shape, [m, n])
      return [{ dtype: floatDtype(ins), shape: [m, n] }]
    },
    lower: (c, a) =>
      c.node('Gemm', c.inputs, c.outputs, {
        alpha: float(a.alpha),
        beta: float(a.beta),
        transA: int(a.transA),
        transB: int(a.transB),
      }),
  },
  Conv: { arity: [2, 3], infer: (ins, a) => convInfer(ins, a, false), lower: convLower('Conv'), noF64: true },
  ConvTranspose: {
    arity: [2, 3],
    infer: (ins, a) => convInfer(ins, a, true, a.outputPadding),
    lower: convLower('ConvTranspose'),
    noF64: true,
  },
  Reshape: {
    arity: [1, 1],
    infer: (ins, a) => {
      const x = ins[0]
      if (numel(x.shape) !== numel(a.shape)) fail(`cannot reshape ${shapeStr(x.shape)} to ${shapeStr(a.shape)}`)
      onnxReshapeTarget(x.shape, a.shape)
      return [{ dtype: x.dtype, shape: [...a.shape] }]
    },
    lower: (c, a) => c.node('Reshape', [c.inputs[0], i64(c, onnxReshapeTarget(c.inputShapes[0], a.shape))], c.outputs),
  },
  Transpose: {
    arity: [1, 1],
    infer: (ins, a) => {
      const x = ins[0]
      const ok = a.perm.length === x.rank && [...a.perm].sort().every((p, i) => p === i)
      if (!ok) fail(`perm [${a.perm}] is not a permutation of rank ${x.rank}`)
      inversePerm(a.perm)
      return [{ dtype: x.dtype, shape: a.perm.map((p) => x.shape[p]) }]
    },
    lower: (c, a) => c.node('Transpose', c.inputs, c.outputs, { perm: ints(a.perm) }),
  },
  Concat: {
    arity: [1, Infinity],
    infer: (ins, a) => {
      const dtype = sameDtype(ins)
      const first = ins[0]
      const axis = normAxis(a.axis, first.rank)
      let total: Dim = 0
      for (const v of ins) {
        const same = v.rank === first.rank && v.shape.every((d, i) => i === axis || d === first.shape[i])
        if (!same) fail(`cannot concat ${ins.map((x) => shapeStr(x.shape)).join(', ')} on axis ${a.axis}`)
        total = dimAdd(total, v.shape[axis])
      }
      return [{ dtype, shape: first.shape.map((d, i) => (i === axis ? total : d)) }]
    },
    lower: (c, a) => c.node('Concat', c.inputs, c.outputs, { axis: int(a.axis) }),
  },
  Slice: {
    arity: [1, 1],
    infer: (ins, a) => [{ dtype: ins[0].dtype, shape: checkSlice(ins[0], a) }],
    lower: (c, a) => c.node('Slice', [c.inputs[0], i64(c, a.starts), i64(c, a.ends), i64(c, a.axes)], c.outputs),
  },
  Split: {
    arity: [1, 1],
    infer: (ins, a) => {
      const x = ins[0]
      const axis = normAxis(a.axis, x.rank)
      const total = a.sizes.reduce<Dim>((acc, n) => dimAdd(acc, n), 0)
      const symbolic = a.sizes.some((n) => typeof n === 'string')
      const bad = a.sizes.some((n) => typeof n === 'number' && n <= 0) || (symbolic && new Set(a.sizes).size > 1)
      if (x.shape[axis] !== total || bad) {
        fail(`split sizes [${a.sizes}] do not add up to dim ${x.shape[axis]} of ${shapeStr(x.shape)}`)
      }
      return a.sizes.map((n) => ({ dtype: x.dtype, shape: x.shape.map((d, i) => (i === axis ? n : d)) }))
    },
    lower: (c, a) =>
      a.sizes.every(isStaticDim)
        ? c.node('Split', [c.inputs[0], i64(c, a.sizes)], c.outputs, { axis: int(a.axis) })
        : c.node('Split', [c.inputs[0]], c.outputs, { axis: int(a.axis), num_outputs: int(a.sizes.length) }),
  },
  Pad: {
    arity: [1, 1],
    infer: (ins, a) => {
      const x = ins[0]
      if (a.pads.length !== 2 * x.rank || a.pads.some((p) => p < 0)) fail(`pads [${a.pads}] must be 2×rank, ≥ 0`)
      return [{ dtype: x.dtype, shape: x.shape.map((d, i) => dimAdd(d, a.pads[i] + a.pads[i + x.rank])) }]
    },
    lower: (c, a) => c.node('Pad', [c.inputs[0], i64(c, a.pads)], c.outputs),
  },
  Gather: {
    arity: [2, 2],
    infer: ([x, idx]) => {
      if (idx.dtype !== 'int64' || idx.rank !== 1) fail(`indices must be int64 [K], got ${idx}`)
      if (x.rank < 1) fail('cannot gather from a scalar')
      return [{ dtype: x.dtype, shape: [idx.shape[0], ...x.shape.slice(1)] }]
    },
    lower: (c) => c.node('Gather', c.inputs, c.outputs, { axis: int(0) }),
  },
  ScatterAdd: {
    arity: [3, 3],
    infer: ([base, idx, upd]) => {
      if (idx.dtype !== 'int64' || idx.rank !== 1) fail(`indices must be int64 [K], got ${idx}`)
      const want = [idx.shape[0], ...base.shape.slice(1)]
      if (!sameShape(upd.shape, want)) fail(`updates ${shapeStr(upd.shape)} should be ${shapeStr(want)}`)
      return [{ dtype: floatDtype([base, upd]), shape: [...base.shape] }]
    },
    lower: (c) => {
      const idx2 = c.temp('indices2d')
      c.node('Unsqueeze', [c.inputs[1], i64(c, [1])], [idx2])
      c.node('ScatterND', [c.inputs[0], idx2, c.inputs[2]], c.outputs, { reduction: str('add') })
    },
    keepF32: true, // onnxruntime CPU has no fp16 ScatterND with reduction='add'
  },
  Expand: {
    arity: [1, 1],
    infer: ([x], a) => {
      onnxExpandTarget(x.shape, a.shape)
      return [{ dtype: x.dtype, shape: broadcastShapes(x.shape, a.shape) }]
    },
    lower: (c, a) => c.node('Expand', [c.inputs[0], i64(c, onnxExpandTarget(c.inputShapes[0], a.shape))], c.outputs),
  },
  Where: {
    arity: [3, 3],
    infer: ([cond, a, b]) => {
      if (cond.dtype !== 'bool') fail(`condition must be bool, got ${cond.dtype}`)
      return [{ dtype: sameDtype([a, b]), shape: broadcastShapes(cond.shape, a.shape, b.shape) }]
    },
  },
  Cast: {
    arity: [1, 1],
    infer: ([x], a) => [{ dtype: assertDType(a.to, 'Cast'), shape: [...x.shape] }],
    lower: (c, a) => c.node('Cast', c.inputs, c.outputs, { to: int(ONNX_DTYPE[c.mapDtype(a.to)]) }),
  },
  ReduceSum: { arity: [1, 1], infer: reduceInfer, lower: reduceLower('ReduceSum'), keepF32: true },
  ReduceMean: { arity: [1, 1], infer: reduceInfer, lower: reduceLower('ReduceMean'), keepF32: true },
  Softmax: {
    arity: [1, 1],
    infer: (ins, a) => {
      normAxis(a.axis, ins[0].rank)
      return [{ dtype: floatDtype(ins), shape: [...ins[0].shape] }]
    },
    lower: (c, a) => c.node('Softmax', c.inputs, c.outputs, { axis: int(a.axis) }),
    keepF32: true,
  },
  InstanceNormalization: {
    arity: [3, 3],
    infer: (ins) => {
      const [x, s, b] = ins
      const ch = [x.shape[1]]
      if (x.rank < 3) fail(`input must be [N,C,...], got ${shapeStr(x.shape)}`)
      if (!sameShape(s.shape, ch) || !sameShape(b.shape, ch)) fail(`scale and bias must be [${x.shape[1]}]`)
      return [{ dtype: floatDtype(ins), shape: [...x.shape] }]
    },
    lower: (c, a) => c.node('InstanceNormalization', c.inputs, c.outputs, { epsilon: float(a.epsilon) }),
    noF64: true,
    keepF32: true,
  },
  LayerNormalization: {
    arity: [3, 3],
    infer: (ins, a) => {
      const [x, s, b] = ins
      const tail = x.shape.slice(normAxis(a.axis, x.rank))
      if (!sameShape(s.shape, tail) || !sameShape(b.shape, tail)) fail(`scale and bias must be ${shapeStr(tail)}`)
      return [{ dtype: floatDtype(ins), shape: [...x.shape] }]
    },
    lower: (c, a) =>
      c.node('LayerNormalization', c.inputs, c.outputs, { axis: int(a.axis), epsilon: float(a.epsilon) }),
    keepF32: true,
  },
  Resize: {
    arity: [1, 1],
    infer: ([x], a) => {
      const [h, w] = spatial(x, 'input')
      if (!Number.isInteger(a.scale) || a.scale < 1) fail(`nearest resize needs an integer scale, got ${a.scale}`)
      return [{ dtype: floatDtype([x]), shape: [x.shape[0], x.shape[1], h * a.scale, w * a.scale] }]
    },
    lower: (c, a) =>
      c.node('Resize', [c.inputs[0], '', c.constant('float32', [1, 1, a.scale, a.scale], [4])], c.outputs, {
        mode: str('nearest'),
        coordinate_transformation_mode: str('asymmetric'),
        nearest_mode: str('floor'),
      }),
    noF64: true,
  },
  ZerosLike: {
    arity: [1, 1],
    infer: ([x]) => [{ dtype: x.dtype, shape: [...x.shape] }],
    lower: (c) => {
      const shape = c.temp('shape')
      c.node('Shape', [c.inputs[0]], [shape])
      c.node('ConstantOfShape', [shape], c.outputs, { value: tensorAttr(c.outputDtypes[0], [0], [1]) })
    },
  },
}

/** ONNX TensorProto.DataType codes. */
export const ONNX_DTYPE: Record<DType, number> = {
  float32: 1,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
}
