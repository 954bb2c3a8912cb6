// Graph state: inputs, parameters, constants, nodes, outputs, scopes, composites. The op methods live in graph.ts.
import { ops, type OpAttrs, type PrimOp } from './ops'
import { assertDType, type DType, type Dim, GraphError, type GraphNode, type Shape, ShapeError, Value } from './types'

export interface GraphOptions {
  /** Prefix of every parameter key, e.g. 'model.diffusion_model.' for an LDM single-file checkpoint. */
  keyPrefix?: string
}

export interface ParamInfo {
  key: string
  shape: readonly number[]
  dtype: DType
}

/**
 * The VJP of a composite: cotangents of its outputs (undefined: that output does not reach the loss) →
 * one cotangent per input that `needs` asks for (null elsewhere). Broadcast inputs may get broadcast
 * cotangents: autodiff reduces them, as for primitives. G is the graph class (Graph, in graph.ts).
 */
export type CompositeVjp<G> = (g: G, dys: (Value | undefined)[], needs: boolean[]) => (Value | null)[]

/** Nodes [first, end) computed from `inputs` alone, differentiated as one unit by `vjp`. */
export interface Composite<G> {
  /** Node path of the composite; its backward nodes are named `<path>/grad/...`. */
  path: string
  inputs: readonly Value[]
  outputs: readonly Value[]
  first: number
  end: number
  /** A method, so a Composite<Graph> is usable where a Composite<GraphCore> is read. */
  vjp(g: G, dys: (Value | undefined)[], needs: boolean[]): (Value | null)[]
}

interface Scope {
  path: string
  keyPrefix: string
  fp32: boolean
}

let nextGraphId = 1

export class GraphCore {
  readonly id = nextGraphId++
  readonly nodes: GraphNode[] = []
  readonly inputs: Value[] = []
  readonly outputs: { name: string; value: Value }[] = []
  readonly composites: Composite<this>[] = []
  private readonly params = new Map<string, Value>()
  private readonly consts = new Map<string, Value>()
  private readonly constData = new Map<number, Float64Array>()
  private readonly names = new Set<string>()
  private readonly nodeNames = new Map<string, number>()
  private scopes: Scope[]
  private nextValueId = 0

  constructor(
    readonly name: string,
    options: GraphOptions = {},
  ) {
    this.scopes = [{ path: `/${name}`, keyPrefix: options.keyPrefix ?? '', fp32: false }]
  }

  private get top(): Scope {
    return this.scopes[this.scopes.length - 1]
  }

  /** Nests node names (/unet/down_blocks.0/...) and parameter keys (down_blocks.0.…) under `name`. */
  scope<T>(name: string, fn: () => T): T {
    const { path, keyPrefix, fp32 } = this.top
    return this.within({ path: `${path}/${name}`, keyPrefix: `${keyPrefix}${name}.`, fp32 }, fn)
  }

  /** Starts a sub-model: node names under /<name>/…, parameter keys under `keyPrefix` (default '<name>.'). */
  subgraph<T>(name: string, fn: () => T, options: GraphOptions = {}): T {
    const keyPrefix = options.keyPrefix ?? `${name}.`
    return this.within({ path: `/${name}`, keyPrefix, fp32: this.top.fp32 }, fn)
  }

  /** Nodes created inside `fn` compute in float32 even under fp16 emission (numerically sensitive parts). */
  fp32<T>(fn: () => T): T {
    return this.within({ ...this.top, fp32: true }, fn)
  }

  /**
   * Values that `forward` computes from `inputs` are differentiated by `vjp` as a unit instead of through
   * their primitives: for composites whose primitive VJP would keep large intermediates alive (attention
   * recomputes its probabilities). autodiff checks that nothing outside reads the composite's internals.
   */
  composite<T extends Value[]>(name: string, inputs: readonly Value[], forward: () => T, vjp: CompositeVjp<this>): T {
    const path = this.nodeName(name)
    const first = this.nodes.length
    if (this.composites.some((c) => c.end > first)) throw new GraphError(path, 'composites cannot nest')
    const open: Composite<this> = { path, inputs: [...inputs], outputs: [], first, end: Infinity, vjp }
    this.composites.push(open)
    try {
      const outputs = forward()
      Object.assign(open, { outputs: [...outputs], end: this.nodes.length })
      return outputs
    } catch (e) {
      this.composites.pop()
      throw e
    }
  }

  /** Current node path, e.g. '/unet/down_blocks.0'. */
  get scopePath(): string {
    return this.top.path
  }

  /** Runs `fn` with node names under an explicit path (used by autodiff for backward nodes). */
  withScopePath<T>(path: string, fn: () => T): T {
    return this.within({ ...this.top, path }, fn)
  }

  private within<T>(scope: Scope, fn: () => T): T {
    this.scopes.push(scope)
    try {
      return fn()
    } finally {
      this.scopes.pop()
    }
  }

  input(name: string, dtype: DType, shape: Shape): Value {
    assertDType(dtype, `input '${name}'`)
    this.checkShape(shape, `input '${name}'`)
    const v = this.newValue('input', dtype, shape, this.claim(name, `input '${name}'`))
    this.inputs.push(v)
    return v
  }

  /** Marks any value (an intermediate too, e.g. attention maps) as a graph output. */
  output(name: string, value: Value): Value {
    this.own(value, `output '${name}'`)
    if (this.outputs.some((o) => o.name === name)) throw new GraphError(`output '${name}'`, 'duplicate output name')
    this.outputs.push({ name, value })
    return value
  }

  /** A parameter named by its checkpoint key: key prefix + scope path + name. Same key → same value. */
  param(name: string, shape: readonly number[], dtype: DType = 'float32'): Value {
    const key = this.top.keyPrefix + name
    this.checkShape(shape, `param '${key}'`)
    if (!shape.every((d) => typeof d === 'number')) throw new GraphError(`param '${key}'`, 'shape must be static')
    const known = this.params.get(key)
    if (known) {
      if (known.dtype !== dtype || known.shape.join() !== shape.join()) {
        throw new GraphError(`param '${key}'`, `declared again as ${dtype}[${shape}], was ${known}`)
      }
      return known
    }
    const v = this.newValue('param', assertDType(dtype, `param '${key}'`), shape, this.claim(key, `param '${key}'`))
    this.params.set(key, v)
    return v
  }

  /** Every parameter: key, shape and dtype, in declaration order (for weight loading). */
  paramKeys(): ParamInfo[] {
    return [...this.params.values()].map((v) => ({ key: v.name, shape: v.shape as number[], dtype: v.dtype }))
  }

  /** A constant tensor, deduplicated by (dtype, shape, values). */
  constant(values: number | ArrayLike<number>, dtype: DType = 'float32', shape?: readonly number[]): Value {
    const data = Float64Array.from(typeof values === 'number' ? [values] : values)
    const dims = shape ?? (typeof values === 'number' ? [] : [data.length])
    if (dims.reduce((a, b) => a * b, 1) !== data.length) {
      throw new GraphError(this.top.path, `constant has ${data.length} values but shape [${dims}]`)
    }
    const key = `${assertDType(dtype, `${this.top.path} constant`)}|${dims}|${data.join(',')}`
    const known = this.consts.get(key)
    if (known) return known
    const v = this.newValue('const', dtype, dims, `const_${this.consts.size}`)
    this.consts.set(key, v)
    this.constData.set(v.id, data)
    return v
  }

  constantValues(v: Value): Float64Array {
    const data = this.constData.get(v.id)
    if (!data) throw new GraphError(v.name, 'not a constant')
    return data
  }

  /** Appends one primitive node; shape errors are reported with the node's full path. */
  emit<K extends PrimOp>(op: K, inputs: readonly Value[], attrs: OpAttrs[K]): Value[] {
    const name = this.nodeName(op)
    inputs.forEach((v, i) => this.own(v, `${name} input ${i}`))
    const row = ops[op]
    if (inputs.length < row.arity[0] || inputs.length > row.arity[1]) {
      throw new GraphError(name, `${op}: expects ${row.arity.join('–')} inputs, got ${inputs.length}`)
    }
    let outs
    try {
      outs = row.infer(inputs, attrs)
    } catch (e) {
      if (e instanceof ShapeError || e instanceof GraphError) throw new GraphError(name, `${op}: ${e.message}`)
      throw e
    }
    const outputs: Value[] = []
    const { path: scope, fp32 } = this.top
    const node: GraphNode = { id: this.nodes.length, op, name, scope, inputs: [...inputs], outputs, attrs, fp32 }
    outs.forEach((o, i) => outputs.push(this.newValue('node', o.dtype, o.shape, `${name}_output_${i}`, node, i)))
    this.nodes.push(node)
    return outputs
  }

  private nodeName(op: string): string {
    const base = `${this.top.path}/${op}`
    const n = this.nodeNames.get(base) ?? 0
    this.nodeNames.set(base, n + 1)
    return n === 0 ? base : `${base}_${n}`
  }

  private newValue(kind: Value['kind'], dtype: DType, shape: Shape, name: string, node?: GraphNode, index = 0) {
    return new Value(this.id, this.nextValueId++, kind, dtype, [...shape], name, node ?? null, index)
  }

  private claim(name: string, where: string): string {
    if (!name) throw new GraphError(where, 'empty name')
    if (this.names.has(name)) throw new GraphError(where, `name '${name}' is already used by another input/param`)
    this.names.add(name)
    return name
  }

  private checkShape(shape: readonly Dim[], where: string): void {
    for (const d of shape) {
      const ok = typeof d === 'string' ? d.length > 0 : Number.isInteger(d) && d > 0
      if (!ok) throw new GraphError(where, `bad dim ${JSON.stringify(d)} in shape [${shape}]`)
    }
  }

  private own(v: Value, where: string): void {
    if (!(v instanceof Value)) throw new GraphError(where, `expected a Value, got ${typeof v}`)
    if (v.graphId !== this.id) throw new GraphError(where, `${v.name} belongs to another graph`)
  }
}
