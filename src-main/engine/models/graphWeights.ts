// Connects a built graph to a checkpoint component: every parameter of the model must be in the
// component exactly once with the same shape, and nothing may be left over (assertWeights), checked
// before anything is emitted; the result feeds emission one tensor at a time.
import type { ParamInfo } from '../graph/core'
import type { Graph } from '../graph/graph'
import type { WeightSource } from '../graph/weights'
import type { ComponentWeights } from './weights/component'
import { assertWeights } from './weights/load'

export interface GraphWeightsOptions {
  /**
   * The whole model's parameters, when `graph` uses only part of it (e.g. CLIP with clip skip drops its
   * last layers): coverage is checked against the whole model, so a checkpoint is judged the same way.
   */
  model?: readonly ParamInfo[]
}

/** Checks the parameters against `weights` (errors name the component and `label`) and returns a source. */
export function graphWeights(
  graph: Graph,
  weights: ComponentWeights,
  label: string,
  o: GraphWeightsOptions = {},
): WeightSource {
  const tensors = assertWeights(weights, o.model ?? graph.paramKeys(), label)
  const byKey = new Map(tensors.map((t) => [t.key, t]))
  const missing = graph.paramKeys().filter((p) => !byKey.has(p.key))
  if (missing.length) throw new Error(`graph ${graph.name} uses "${missing[0].key}", which its model does not list`)
  return (key) => {
    const tensor = byKey.get(key)
    if (!tensor) throw new Error(`graph ${graph.name} asked for "${key}", which it never declared`)
    return tensor.read()
  }
}
