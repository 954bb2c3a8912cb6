// Reverse-mode autodiff: appends the backward graph for ⟨cotangents, outputs⟩ w.r.t. `wrt`, pruned to
// the nodes that lie between them (no weight gradients unless a weight is in `wrt`). Broadcast
// reductions happen here, once, for every rule. A composite (g.composite) is differentiated by its own
// rule, once, in place of its nodes.
import type { Composite } from './core'
import type { Graph } from './graph'
import type { PrimOp } from './ops'
import { sameShape } from './shape'
import { GraphError, type GraphNode, isFloat, shapeStr, type Value } from './types'
import { type PrimNode, type VjpRule, vjpRules } from './vjp'

/**
 * Returns d⟨cotangents, outputs⟩/d wrt, one Value per `wrt`, built into `g`.
 * Backward nodes are named `<forward node>/grad/...`.
 */
export function vjp(g: Graph, outputs: readonly Value[], wrt: readonly Value[], cotangents: readonly Value[]): Value[] {
  if (outputs.length !== cotangents.length) {
    throw new GraphError(`/${g.name}/vjp`, `${outputs.length} outputs but ${cotangents.length} cotangents`)
  }
  outputs.forEach((y, i) => checkCotangent(y, cotangents[i]))
  wrt.forEach((w) => checkDifferentiable(g, w))

  const active = forwardReach(g, wrt)
  const live = backwardReach(g, outputs)
  g.composites.forEach((c) => checkSealed(g, c, outputs, active))
  const grads = new Map<number, Value>()
  const accumulate = (v: Value, d: Value) => {
    const prev = grads.get(v.id)
    grads.set(v.id, prev ? g.add(prev, d) : d)
  }
  outputs.forEach((y, i) => accumulate(y, cotangents[i]))

  // A composite is reached at its last node when walking back; its rule replaces all of its nodes.
  const compositeAt = new Map(g.composites.filter((c) => c.end > c.first).map((c) => [c.end - 1, c]))
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const composite = compositeAt.get(i)
    if (composite) {
      backpropComposite(g, composite, grads, active, accumulate)
      i = composite.first
      continue
    }
    const node = g.nodes[i]
    if (!node.outputs.some((v) => live.has(v.id) && active.has(v.id))) continue
    const dys = node.outputs.map((v) => grads.get(v.id))
    if (dys.every((d) => d === undefined)) continue
    g.withScopePath(`${node.name}/grad`, () => backprop(g, node, dys, active, accumulate))
  }
  return wrt.map((w) => grads.get(w.id) ?? g.zerosLike(w))
}

function backprop(
  g: Graph,
  node: GraphNode,
  partial: (Value | undefined)[],
  active: Set<number>,
  accumulate: (v: Value, d: Value) => void,
): void {
  const dys = partial.map((d, k) => d ?? g.zerosLike(node.outputs[k]))
  const needs = node.inputs.map((v) => active.has(v.id))
  const rule = vjpRules[node.op as PrimOp] as VjpRule<PrimOp>
  const results = rule(g, dys, node as PrimNode<PrimOp>, needs)
  node.inputs.forEach((x, i) => {
    if (!needs[i]) return
    const d = results[i]
    if (!d) throw new GraphError(node.name, `${node.op} is not differentiable w.r.t. its input ${i} (${x})`)
    accumulate(x, reduceTo(g, d, x))
  })
}

function backpropComposite(
  g: Graph,
  c: Composite<Graph>,
  grads: Map<number, Value>,
  active: Set<number>,
  accumulate: (v: Value, d: Value) => void,
): void {
  const dys = c.outputs.map((v) => (active.has(v.id) ? grads.get(v.id) : undefined))
  if (dys.every((d) => d === undefined)) return
  const needs = c.inputs.map((v) => active.has(v.id))
  g.withScopePath(`${c.path}/grad`, () => {
    const results = c.vjp(g, dys, needs)
    c.inputs.forEach((x, i) => {
      if (!needs[i]) return
      const d = results[i]
      if (!d) throw new GraphError(c.path, `composite gave no gradient for its input ${i} (${x})`)
      accumulate(x, reduceTo(g, d, x))
    })
  })
}

/**
 * A composite's rule only sees its outputs' cotangents: nothing outside it (but its own backward) may read
 * an internal value, and every active value it reads must be a declared input.
 */
function checkSealed(g: Graph, c: Composite<Graph>, outputs: readonly Value[], active: Set<number>): void {
  const inside = g.nodes.slice(c.first, c.end)
  const produced = new Set(inside.flatMap((n) => n.outputs.map((v) => v.id)))
  const declared = new Set(c.inputs.map((v) => v.id))
  for (const n of inside) {
    const hidden = n.inputs.find((v) => active.has(v.id) && !produced.has(v.id) && !declared.has(v.id))
    if (hidden) throw new GraphError(n.name, `composite ${c.path} reads ${hidden}, which is not one of its inputs`)
  }
  c.outputs.forEach((v) => produced.delete(v.id))
  const own = `${c.path}/grad`
  const reader = g.nodes.slice(c.end).find((n) => !n.scope.startsWith(own) && n.inputs.some((v) => produced.has(v.id)))
  const leaked = reader ? reader.name : outputs.find((v) => produced.has(v.id))?.name
  if (leaked) throw new GraphError(leaked, `reads a value inside composite ${c.path} that is not one of its outputs`)
}

/** Sums a broadcast cotangent back to the shape of the input it belongs to. */
function reduceTo(g: Graph, d: Value, x: Value): Value {
  if (sameShape(d.shape, x.shape)) return d
  const lead = d.rank - x.rank
  const axes = d.shape.flatMap((dim, i) => (i < lead || (x.shape[i - lead] === 1 && dim !== 1) ? [i] : []))
  const summed = axes.length ? g.reduceSum(d, axes, true) : d
  return sameShape(summed.shape, x.shape) ? summed : g.reshape(summed, x.shape)
}

function checkCotangent(y: Value, dy: Value): void {
  const where = y.producer?.name ?? y.name
  if (!sameShape(y.shape, dy.shape) || y.dtype !== dy.dtype) {
    throw new GraphError(where, `cotangent ${dy.dtype}${shapeStr(dy.shape)} does not match output ${y}`)
  }
}

function checkDifferentiable(g: Graph, w: Value): void {
  if (isFloat(w.dtype)) return
  const users = g.nodes.filter((n) => n.inputs.includes(w)).map((n) => `${n.name} (${n.op})`)
  const where = w.producer?.name ?? `${w.kind} '${w.name}'`
  const feeds = users.length ? `; it feeds ${users.join(', ')}` : ''
  throw new GraphError(where, `vjp: cannot differentiate w.r.t. ${w.dtype} value ${w.name}${feeds}`)
}

/** Float values that depend on some `wrt`. */
function forwardReach(g: Graph, wrt: readonly Value[]): Set<number> {
  const set = new Set(wrt.map((w) => w.id))
  for (const n of g.nodes) {
    if (!n.inputs.some((v) => set.has(v.id))) continue
    for (const v of n.outputs) if (isFloat(v.dtype)) set.add(v.id)
  }
  return set
}

/** Values some output depends on. */
function backwardReach(g: Graph, outputs: readonly Value[]): Set<number> {
  const set = new Set(outputs.map((v) => v.id))
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i]
    if (n.outputs.some((v) => set.has(v.id))) for (const v of n.inputs) set.add(v.id)
  }
  return set
}
