// The value-returning builder: one short method per primitive in ops.ts. Numbers passed where a tensor
// is expected become scalar constants of the other operand's dtype.
import { GraphCore } from './core'
import type { ConvAttrs, OpAttrs, PrimOp } from './ops'
import { dimDiv, normAxis, resolveReshape } from './shape'
import { assertDType, type DType, type Dim, GraphError, type Shape, type Value } from './types'

type Operand = Value | number
type Pair = [number, number]

export interface Conv2dOptions {
  stride?: number | Pair
  /** Symmetric padding (p or [ph, pw]) or explicit [top, left, bottom, right]. */
  pad?: number | Pair | [number, number, number, number]
  dilation?: number | Pair
  groups?: number
}

export interface ConvTranspose2dOptions extends Conv2dOptions {
  outputPadding?: number | Pair
}

const pair = (x: number | Pair | undefined, dflt: number): Pair =>
  x === undefined ? [dflt, dflt] : typeof x === 'number' ? [x, x] : x

function convAttrs(o: Conv2dOptions): ConvAttrs {
  const pad = o.pad ?? 0
  const pads: ConvAttrs['pads'] =
    typeof pad === 'number' ? [pad, pad, pad, pad] : pad.length === 2 ? [pad[0], pad[1], pad[0], pad[1]] : pad
  return { strides: pair(o.stride, 1), pads, dilations: pair(o.dilation, 1), groups: o.groups ?? 1 }
}

function equalParts(dim: Dim, parts: number): Dim[] {
  return new Array<Dim>(parts).fill(dimDiv(dim, parts))
}

export class Graph extends GraphCore {
  private op<K extends PrimOp>(op: K, inputs: readonly Value[], attrs = {} as OpAttrs[K]): Value {
    return this.emit(op, inputs, attrs)[0]
  }

  /** Scalar float constant matching `like`'s dtype (float32 when unspecified). */
  scalar(value: number, dtype: DType = 'float32'): Value {
    return this.constant(value, dtype)
  }

  private operands(a: Operand, b: Operand): [Value, Value] {
    if (typeof a === 'number' && typeof b === 'number') throw new GraphError(this.scopePath, 'two numbers, no tensor')
    const va = typeof a === 'number' ? this.scalar(a, (b as Value).dtype) : a
    const vb = typeof b === 'number' ? this.scalar(b, va.dtype) : b
    return [va, vb]
  }

  add(a: Operand, b: Operand): Value {
    return this.op('Add', this.operands(a, b))
  }
  sub(a: Operand, b: Operand): Value {
    return this.op('Sub', this.operands(a, b))
  }
  mul(a: Operand, b: Operand): Value {
    return this.op('Mul', this.operands(a, b))
  }
  div(a: Operand, b: Operand): Value {
    return this.op('Div', this.operands(a, b))
  }
  pow(a: Operand, b: Operand): Value {
    return this.op('Pow', this.operands(a, b))
  }
  neg(x: Value): Value {
    return this.op('Neg', [x])
  }
  sqrt(x: Value): Value {
    return this.op('Sqrt', [x])
  }
  reciprocal(x: Value): Value {
    return this.op('Reciprocal', [x])
  }
  exp(x: Value): Value {
    return this.op('Exp', [x])
  }
  log(x: Value): Value {
    return this.op('Log', [x])
  }
  erf(x: Value): Value {
    return this.op('Erf', [x])
  }
  tanh(x: Value): Value {
    return this.op('Tanh', [x])
  }
  sigmoid(x: Value): Value {
    return this.op('Sigmoid', [x])
  }

  /** Numpy matmul over the last two axes, batch axes broadcast: [..., M, K] @ [..., K, N]. */
  matmul(a: Value, b: Value): Value {
    return this.op('MatMul', [a, b])
  }

  /** alpha·op(a)·op(b) + beta·c on 2-D tensors. */
  gemm(a: Value, b: Value, c?: Value, o: Partial<OpAttrs['Gemm']> = {}): Value {
    const attrs = { alpha: o.alpha ?? 1, beta: o.beta ?? 1, transA: o.transA ?? false, transB: o.transB ?? false }
    return this.op('Gemm', c ? [a, b, c] : [a, b], attrs)
  }

  /** x [N,Cin,H,W], w [Cout,Cin/groups,kh,kw], b [Cout] → [N,Cout,H',W']. */
  conv2d(x: Value, w: Value, b?: Value, o: Conv2dOptions = {}): Value {
    return this.op('Conv', b ? [x, w, b] : [x, w], convAttrs(o))
  }

  /** x [N,Cin,H,W], w [Cin,Cout/groups,kh,kw], b [Cout] → [N,Cout,H',W']. */
  convTranspose2d(x: Value, w: Value, b?: Value, o: ConvTranspose2dOptions = {}): Value {
    const attrs = { ...convAttrs(o), outputPadding: pair(o.outputPadding, 0) }
    return this.op('ConvTranspose', b ? [x, w, b] : [x, w], attrs)
  }

  /** Target may use one -1 and symbolic names; a symbolic dim must stay in place or be the inferred one. */
  reshape(x: Value, shape: Shape): Value {
    return this.op('Reshape', [x], { shape: this.checked(() => resolveReshape(x.shape, shape), 'Reshape') })
  }

  transpose(x: Value, perm: readonly number[]): Value {
    return this.op('Transpose', [x], { perm: [...perm] })
  }

  concat(values: readonly Value[], axis: number): Value {
    return this.op('Concat', values, { axis })
  }

  /** x[..., start:end, ...] along one axis; negative indices count from the end, `end` is clamped. */
  slice(x: Value, axis: number, start: number, end: number): Value {
    const ax = this.checked(() => normAxis(axis, x.rank), 'Slice')
    const dim = x.shape[ax]
    const norm = (i: number) => (typeof dim === 'number' ? Math.min(i < 0 ? i + dim : i, dim) : i)
    return this.op('Slice', [x], { starts: [norm(start)], ends: [norm(end)], axes: [ax] })
  }

  /** Splits along `axis` into `parts` equal pieces (a symbolic dim too, e.g. '2*N' → 'N', 'N') or given sizes. */
  split(x: Value, axis: number, parts: number | readonly Dim[]): Value[] {
    const ax = this.checked(() => normAxis(axis, x.rank), 'Split')
    const sizes = typeof parts === 'number' ? this.checked(() => equalParts(x.shape[ax], parts), 'Split') : [...parts]
    return this.emit('Split', [x], { axis: ax, sizes })
  }

  /** Zero padding: pads = [begin_0, …, begin_{r-1}, end_0, …, end_{r-1}]. */
  pad(x: Value, pads: readonly number[]): Value {
    return this.op('Pad', [x], { pads: [...pads] })
  }

  /** x[indices] along axis 0 (batch): x [B, ...], indices int64 [K] → [K, ...]. */
  gather(x: Value, indices: Value): Value {
    return this.op('Gather', [x, indices])
  }

  /** base with base[indices[k]] += updates[k] along axis 0 (the adjoint of gather). */
  scatterAdd(base: Value, indices: Value, updates: Value): Value {
    return this.op('ScatterAdd', [base, indices, updates])
  }

  expand(x: Value, shape: readonly Dim[]): Value {
    return this.op('Expand', [x], { shape: [...shape] })
  }

  where(cond: Value, a: Operand, b: Operand): Value {
    const [va, vb] = this.operands(a, b)
    return this.op('Where', [cond, va, vb])
  }

  cast(x: Value, to: DType): Value {
    return this.op('Cast', [x], { to: assertDType(to, `${this.scopePath}/Cast`) })
  }

  reduceSum(x: Value, axes: readonly number[], keepdims = true): Value {
    return this.op('ReduceSum', [x], { axes: [...axes], keepdims })
  }

  reduceMean(x: Value, axes: readonly number[], keepdims = true): Value {
    return this.op('ReduceMean', [x], { axes: [...axes], keepdims })
  }

  softmax(x: Value, axis = -1): Value {
    return this.op('Softmax', [x], { axis })
  }

  /** Per (n, c) normalisation over the remaining axes: x [N,C,...], scale/bias [C]. */
  instanceNorm(x: Value, scale: Value, bias: Value, epsilon = 1e-5): Value {
    return this.op('InstanceNormalization', [x, scale, bias], { epsilon })
  }

  /** Normalisation over axes [axis, rank): scale/bias have the shape of those axes. */
  layerNorm(x: Value, scale: Value, bias: Value, o: { axis?: number; epsilon?: number } = {}): Value {
    return this.op('LayerNormalization', [x, scale, bias], { axis: o.axis ?? -1, epsilon: o.epsilon ?? 1e-5 })
  }

  /** Nearest-neighbour upsampling of H and W by an integer factor (F.interpolate(mode='nearest')). */
  upsampleNearest(x: Value, scale = 2): Value {
    return this.op('Resize', [x], { scale })
  }

  zerosLike(x: Value): Value {
    return this.op('ZerosLike', [x])
  }

  private checked<T>(fn: () => T, op: string): T {
    try {
      return fn()
    } catch (e) {
      throw new GraphError(`${this.scopePath}/${op}`, `${op}: ${(e as Error).message}`)
    }
  }
}
