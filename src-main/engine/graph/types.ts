// Core value types of the tensor-graph IR: dtypes, shapes, values, nodes and the build-time error.

export const DTYPES = ['float32', 'float16', 'float64', 'int64', 'int32', 'bool'] as const
export type DType = (typeof DTYPES)[number]

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Readonly<Record<DType, number>> = {
  float32: 4,
  float16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  bool: 1,
}

/** A dimension: a static size, or a symbolic name ('N', '2*N') that ONNX emits as dim_param. */
export type Dim = number | string
export type Shape = readonly Dim[]

export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float16', 'float64']

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && (DTYPES as readonly string[]).includes(x)
}

export function isFloat(dtype: DType): boolean {
  return FLOAT_DTYPES.includes(dtype)
}

/** Throws a clear message for an unknown dtype; `where` names the node or input. */
export function assertDType(x: unknown, where: string): DType {
  if (!isDType(x)) throw new GraphError(where, `unknown dtype '${String(x)}' (expected one of ${DTYPES.join(', ')})`)
  return x
}

export type ValueKind = 'input' | 'param' | 'const' | 'node'

/** One tensor in the graph. Immutable; created only by a Graph. */
export class Value {
  constructor(
    readonly graphId: number,
    readonly id: number,
    readonly kind: ValueKind,
    readonly dtype: DType,
    readonly shape: Shape,
    /** Input name, parameter key, constant name, or `<node name>:<output index>`. */
    readonly name: string,
    readonly producer: GraphNode | null = null,
    readonly outputIndex = 0,
  ) {}

  get rank(): number {
    return this.shape.length
  }

  toString(): string {
    return `${this.name} ${this.dtype}[${this.shape.join(',')}]`
  }
}

export interface GraphNode {
  readonly id: number
  readonly op: string
  /** Full node path, e.g. '/unet/down_blocks.1/attentions.0/MatMul_2'. */
  readonly name: string
  /** Scope path the node was created in, e.g. '/unet/down_blocks.1/attentions.0'. */
  readonly scope: string
  readonly inputs: readonly Value[]
  readonly outputs: readonly Value[]
  readonly attrs: object
  /** Computed in float32 even under fp16 emission (set inside Graph.fp32). */
  readonly fp32: boolean
}

/** A build-time error that names the node (or input/parameter) it concerns. */
export class GraphError extends Error {
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super(`[${where}] ${detail}`)
    this.name = 'GraphError'
  }
}

/** Thrown by shape rules; the graph rethrows it as a GraphError that names the node. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ShapeError'
  }
}

export function shapeStr(shape: Shape): string {
  return `[${shape.join(',')}]`
}
