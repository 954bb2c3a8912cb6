// Graph statistics for benchmarks and snapshots: FLOPs of the heavy ops, op histogram, activation memory.
import type { GraphCore } from './core'
import { type Dim, DTYPE_BYTES, type GraphNode, type Shape, type Value } from './types'

/** Sizes for symbolic dims, e.g. { N: 2 }. */
export type DimBindings = Record<string, number>

function size(d: Dim, b: DimBindings): number {
  if (typeof d === 'number') return d
  return d.split('*').reduce((acc, part) => {
    const v = /^\d+$/.test(part) ? Number(part) : b[part]
    if (v === undefined) throw new Error(`countFlops: no size given for symbolic dim '${part}'`)
    return acc * v
  }, 1)
}

const count = (s: Shape, b: DimBindings) => s.reduce<number>((acc, d) => acc * size(d, b), 1)

/** Multiply-add FLOPs (2 per MAC) of MatMul, Gemm, Conv and ConvTranspose nodes. */
export function nodeFlops(n: GraphNode, b: DimBindings = {}): number {
  const [x, w] = n.inputs
  const y = n.outputs[0]
  switch (n.op) {
    case 'MatMul':
    case 'Gemm': {
      const k = n.op === 'Gemm' && (n.attrs as { transA: boolean }).transA ? x.shape[0] : x.shape[x.rank - 1]
      return 2 * count(y.shape, b) * size(k, b)
    }
    case 'Conv': // every output element: Cin/groups · kh · kw MACs
      return 2 * count(y.shape, b) * count(w.shape.slice(1), b)
    case 'ConvTranspose': // every input element scatters into Cout/groups · kh · kw outputs
      return 2 * count(x.shape, b) * count(w.shape.slice(1), b)
    default:
      return 0
  }
}

export function countFlops(g: GraphCore, b: DimBindings = {}, nodes: readonly GraphNode[] = g.nodes): number {
  return nodes.reduce((acc, n) => acc + nodeFlops(n, b), 0)
}

/** Primitive op → number of nodes. */
export function opHistogram(nodes: readonly GraphNode[]): Record<string, number> {
  const h: Record<string, number> = {}
  for (const n of nodes) h[n.op] = (h[n.op] ?? 0) + 1
  return Object.fromEntries(Object.entries(h).sort(([a], [b]) => a.localeCompare(b)))
}

/** Nodes that some graph output depends on, in creation (topological) order: what emission writes. */
export function liveNodes(g: GraphCore): GraphNode[] {
  const live = new Set(g.outputs.map((o) => o.value.id))
  const keep: GraphNode[] = []
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i]
    if (!n.outputs.some((v) => live.has(v.id))) continue
    keep.push(n)
    for (const v of n.inputs) live.add(v.id)
  }
  return keep.reverse()
}

export interface ActivationPeak {
  /** Most bytes of node outputs alive at once. */
  bytes: number
  /** The node whose outputs brought the peak. */
  at: GraphNode | null
  /** What was alive then, largest first. */
  alive: Value[]
}

/**
 * Peak activation memory of running `nodes` in order, each output freed after its last reader (graph
 * outputs live to the end): what a planner that frees at last use needs, before fusions and in-place
 * reuse. Weights, inputs and constants are not counted. Used to see what the backward keeps alive.
 */
export function peakActivations(g: GraphCore, b: DimBindings = {}, nodes = liveNodes(g)): ActivationPeak {
  const size = (v: Value) => count(v.shape, b) * DTYPE_BYTES[v.dtype]
  const lastUse = new Map<number, number>()
  nodes.forEach((n, i) => n.inputs.forEach((v) => lastUse.set(v.id, i)))
  for (const o of g.outputs) lastUse.set(o.value.id, nodes.length)
  const alive = new Map<number, Value>()
  let now = 0
  let peak: ActivationPeak = { bytes: 0, at: null, alive: [] }
  nodes.forEach((n, i) => {
    for (const v of n.outputs) {
      alive.set(v.id, v)
      now += size(v)
    }
    if (now > peak.bytes) peak = { bytes: now, at: n, alive: [...alive.values()] }
    for (const v of [...n.inputs, ...n.outputs]) {
      if ((lastUse.get(v.id) ?? i) <= i && alive.delete(v.id)) now -= size(v)
    }
  })
  peak.alive.sort((x, y) => size(y) - size(x))
  return peak
}
