// Graph → ONNX ModelProto (opset 21, IR 10). The only file that knows protobuf. Weights go either
// inline (small models, tests) or to a sink that places them in external data files (runtime/emit.ts).
import protobuf from 'onnx-proto'
import type { Graph } from './graph'
import type { AttrValue, LowerCtx, OnnxAttrs } from './lower'
import { ONNX_DTYPE, ops, type PrimOp } from './ops'
import { mapDtype, type Precision, precisionPolicy, type PrecisionPolicy } from './precision'
import { liveNodes } from './stats'
import { type DType, DTYPE_BYTES, GraphError, type GraphNode, isFloat, type Shape, type Value } from './types'
import { constantBytes, weightBytes, type WeightSource } from './weights'

const { onnx } = protobuf
export const OPSET = 21
export const IR_VERSION = 10

export interface TensorSignature {
  name: string
  dtype: DType
  shape: Shape
}
export interface IoSignature {
  inputs: TensorSignature[]
  outputs: TensorSignature[]
}

export type Placement = { raw: Uint8Array } | { location: string; offset: number; length: number }

/** Where initializer bytes go. `place` may keep a reference to `bytes` only until it returns. */
export interface WeightSink {
  place(key: string, bytes: Uint8Array): Placement | Promise<Placement>
}

export interface BuildOptions {
  precision?: Precision
  /** fp16 only: graph inputs/outputs in float16 instead of float32 (Cast nodes at the boundary). */
  fp16Io?: boolean
}

export interface BuiltModel {
  proto: protobuf.onnx.IModelProto
  io: IoSignature
  /** Bytes of the weights read by more than one node, e.g. by a forward op and its VJP (see runtime.ts). */
  reusedWeightBytes: number
}

/** Builds the ModelProto; weights are fetched one at a time from `weights` and handed to `sink`. */
export async function buildModel(
  g: Graph,
  weights: WeightSource,
  sink: WeightSink,
  o: BuildOptions = {},
): Promise<BuiltModel> {
  return new OnnxWriter(g, precisionPolicy(o.precision ?? 'fp32', o.fp16Io)).build(weights, sink)
}

export function encodeModel(proto: protobuf.onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(proto).finish()
}

/**
 * The model without weight bytes: every initializer is an external reference of its key, dtype, shape and
 * byte length, so the proto holds everything the graph computes but nothing a checkpoint supplies. Its
 * encoding identifies the emitted graph (ops, node names, attributes, constants, initializer keys, io).
 */
export async function buildStructure(g: Graph, o: BuildOptions = {}): Promise<BuiltModel> {
  return new OnnxWriter(g, precisionPolicy(o.precision ?? 'fp32', o.fp16Io)).build(null, null)
}

/** Small models: one self-contained ONNX buffer with inline weights. */
export async function emitOnnxBytes(g: Graph, o: BuildOptions & { weights: WeightSource }): Promise<Uint8Array> {
  const inline: WeightSink = { place: (_key, bytes) => ({ raw: bytes.slice() }) }
  return encodeModel((await buildModel(g, o.weights, inline, o)).proto)
}

const valueInfo = (name: string, dtype: DType, shape: Shape): protobuf.onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType: ONNX_DTYPE[dtype],
      shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
})

function attribute(name: string, a: AttrValue): protobuf.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType
  switch (a.kind) {
    case 'int':
      return { name, type: T.INT, i: a.value }
    case 'float':
      return { name, type: T.FLOAT, f: a.value }
    case 'ints':
      return { name, type: T.INTS, ints: a.value }
    case 'string':
      return { name, type: T.STRING, s: new TextEncoder().encode(a.value) }
    case 'tensor':
      return {
        name,
        type: T.TENSOR,
        t: { dims: a.dims, dataType: ONNX_DTYPE[a.dtype], rawData: constantBytes(a.value, a.dtype) },
      }
  }
}

const attributes = (attrs: OnnxAttrs = {}) => Object.entries(attrs).map(([k, a]) => attribute(k, a))

class OnnxWriter {
  private readonly nodes: protobuf.onnx.INodeProto[] = []
  private readonly inits: protobuf.onnx.ITensorProto[] = []
  /** Emitted tensor name of each value, per dtype. */
  private readonly names = new Map<number, Map<DType, string>>()
  private readonly constNames = new Map<string, string>()
  private readonly paramBytes = new Map<string, number>()
  private readonly shapes: protobuf.onnx.IValueInfoProto[] = []
  private readonly needed: GraphNode[]
  private tempCount = 0

  constructor(
    private readonly g: Graph,
    private readonly policy: PrecisionPolicy,
  ) {
    if (g.outputs.length === 0) throw new GraphError(`/${g.name}`, 'graph has no outputs: call g.output(name, value)')
    this.needed = liveNodes(g)
  }

  /** With no weights and sink, initializers reference their key instead of holding bytes (buildStructure). */
  async build(weights: WeightSource | null, sink: WeightSink | null): Promise<BuiltModel> {
    const { g, policy } = this
    const io: IoSignature = { inputs: [], outputs: [] }
    for (const v of g.inputs) {
      const dtype = mapDtype(v.dtype, policy.boundary)
      this.setName(v, dtype, v.name)
      io.inputs.push({ name: v.name, dtype, shape: v.shape })
    }
    await this.placeParams(weights, sink)
    this.nameOutputsInPlace()
    for (const node of this.needed) this.lowerNode(node)
    for (const { name, value } of g.outputs) {
      const dtype = mapDtype(value.dtype, policy.boundary)
      const src = this.nameOf(value, dtype)
      if (src !== name)
        this.nodes.push({ name: `/${g.name}/outputs/${name}`, opType: 'Identity', input: [src], output: [name] })
      io.outputs.push({ name, dtype, shape: value.shape })
    }
    const graph: protobuf.onnx.IGraphProto = {
      name: g.name,
      node: this.nodes,
      initializer: this.inits,
      input: io.inputs.map((s) => valueInfo(s.name, s.dtype, s.shape)),
      output: io.outputs.map((s) => valueInfo(s.name, s.dtype, s.shape)),
      valueInfo: this.shapes,
    }
    const proto = {
      irVersion: IR_VERSION,
      producerName: 'poseanimate-graph',
      opsetImport: [{ domain: '', version: OPSET }],
      graph,
    }
    return { proto, io, reusedWeightBytes: this.reusedWeightBytes() }
  }

  private reusedWeightBytes(): number {
    const readers = new Map<string, number>()
    for (const n of this.needed) {
      for (const v of new Set(n.inputs)) if (v.kind === 'param') readers.set(v.name, (readers.get(v.name) ?? 0) + 1)
    }
    const bytes = (key: string) => this.paramBytes.get(key) ?? 0
    return [...readers].reduce((sum, [key, count]) => sum + (count > 1 ? bytes(key) : 0), 0)
  }

  private async placeParams(weights: WeightSource | null, sink: WeightSink | null): Promise<void> {
    const used = new Map<string, Value>()
    for (const v of this.needed.flatMap((n) => n.inputs)) if (v.kind === 'param') used.set(v.name, v)
    for (const { value } of this.g.outputs) if (value.kind === 'param') used.set(value.name, value)
    for (const p of this.g.paramKeys()) {
      const value = used.get(p.key)
      if (!value) continue
      const info = { key: p.key, shape: p.shape, dtype: mapDtype(p.dtype, this.policy.storage) }
      let placement: Placement
      if (weights && sink) {
        const bytes = weightBytes(await weights(p.key, info), info)
        this.paramBytes.set(p.key, bytes.length)
        placement = await sink.place(p.key, bytes)
      } else {
        const length = p.shape.reduce((n, d) => n * d, 1) * DTYPE_BYTES[info.dtype]
        this.paramBytes.set(p.key, length)
        placement = { location: p.key, offset: 0, length }
      }
      this.inits.push(tensorProto(p.key, info.dtype, p.shape, placement))
      this.setName(value, info.dtype, p.key)
    }
  }

  /** Outputs produced in their boundary dtype take the output name directly (no Identity copy). */
  private nameOutputsInPlace(): void {
    const seen = new Set<number>()
    for (const { name, value } of this.g.outputs) {
      const node = value.producer
      if (!node || seen.has(value.id)) continue
      seen.add(value.id)
      const dtype = mapDtype(value.dtype, this.policy.computeDtype(node))
      if (dtype === mapDtype(value.dtype, this.policy.boundary)) this.setName(value, dtype, name)
    }
  }

  private lowerNode(node: GraphNode): void {
    const float = this.policy.computeDtype(node)
    const want = (v: Value) => mapDtype(v.dtype, float)
    const outputs = node.outputs.map((v) => {
      const dtype = want(v)
      return this.names.get(v.id)?.get(dtype) ?? this.setName(v, dtype, v.name)
    })
    let emitted = 0
    const ctx: LowerCtx = {
      inputs: node.inputs.map((v) => this.nameOf(v, want(v))),
      outputs,
      inputShapes: node.inputs.map((v) => v.shape),
      outputDtypes: node.outputs.map(want),
      floatDtype: float,
      mapDtype: (d) => mapDtype(d, float),
      node: (opType, input, output, attrs) => {
        const name = emitted++ === 0 ? node.name : `${node.name}/${opType}_${emitted - 1}`
        this.nodes.push({ name, opType, input: [...input], output: [...output], attribute: attributes(attrs) })
      },
      temp: (suffix) => `${node.name}/${suffix}_${this.tempCount++}`,
      constant: (dtype, values, dims) => this.constant(dtype, values, dims),
    }
    const row = ops[node.op as PrimOp] as { lower?: (c: LowerCtx, a: object) => void }
    if (row.lower) row.lower(ctx, node.attrs)
    else ctx.node(node.op, ctx.inputs, ctx.outputs)
    node.outputs.forEach((v, i) => this.describe(outputs[i], want(v), v.shape))
  }

  /**
   * Declares an intermediate's shape (value_info) with our symbolic dims. ORT's own inference loses them
   * (Reshape to [-1, C] of a [B, N, C] tensor gives an unnamed dim), and its allocation planner can then
   * neither reuse those buffers nor stay linear in the node count (the UNet VJP took 5× longer to load).
   */
  private describe(name: string, dtype: DType, shape: Shape): void {
    if (!this.g.outputs.some((o) => o.name === name)) this.shapes.push(valueInfo(name, dtype, shape))
  }

  /** The tensor name of `v` in `dtype`; inserts a Cast (once) when only another float dtype exists. */
  private nameOf(v: Value, dtype: DType): string {
    const have = this.names.get(v.id)
    const known = have?.get(dtype)
    if (known) return known
    if (v.kind === 'const')
      return this.setName(v, dtype, this.constant(dtype, this.g.constantValues(v), v.shape as number[]))
    const [srcDtype, src] = [...(have?.entries() ?? [])][0] ?? []
    if (!src || !srcDtype || !isFloat(srcDtype) || !isFloat(dtype)) {
      throw new GraphError(v.name, `internal: no ${dtype} tensor for ${v}`)
    }
    const name = `${src}_${dtype}`
    this.describe(name, dtype, v.shape)
    this.nodes.push({
      name: `${src}/Cast_${dtype}`,
      opType: 'Cast',
      input: [src],
      output: [name],
      attribute: [attribute('to', { kind: 'int', value: ONNX_DTYPE[dtype] })],
    })
    return this.setName(v, dtype, name)
  }

  private setName(v: Value, dtype: DType, name: string): string {
    const m = this.names.get(v.id) ?? new Map<DType, string>()
    m.set(dtype, name)
    this.names.set(v.id, m)
    return name
  }

  private constant(dtype: DType, values: ArrayLike<number>, dims: readonly number[]): string {
    const key = `${dtype}|${dims}|${Array.from(values).join(',')}`
    const known = this.constNames.get(key)
    if (known) return known
    const name = `/${this.g.name}/const_${this.constNames.size}`
    this.inits.push(tensorProto(name, dtype, dims, { raw: constantBytes(values, dtype) }))
    this.constNames.set(key, name)
    return name
  }
}

function tensorProto(name: string, dtype: DType, dims: readonly number[], p: Placement): protobuf.onnx.ITensorProto {
  const base = { name, dims: [...dims], dataType: ONNX_DTYPE[dtype] }
  if ('raw' in p) return { ...base, rawData: p.raw }
  const entry = (key: string, value: string | number) => ({ key, value: String(value) })
  return {
    ...base,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [entry('location', p.location), entry('offset', p.offset), entry('length', p.length)],
  }
}
