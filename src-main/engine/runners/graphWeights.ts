// Connects a built graph to checkpoint components. A graph may hold several models (UNet + ControlNet):
// its parameter keys are split by key prefix ('controlnet.' → the ControlNet part, the rest → the root
// part). Each part must cover its component exactly (assertWeights: nothing missing, wrong-shaped or left
// over), checked before anything is emitted; the result feeds emission one tensor at a time.
import type { ParamInfo } from '../graph/core'
import type { Graph } from '../graph/graph'
import type { WeightSource } from '../graph/weights'
import type { ComponentWeights, WeightTensor } from '../models/weights/component'
import { assertWeights } from '../models/weights/load'

export interface WeightPart {
  /** Key prefix of this model's parameters in the graph (default '': the root model). */
  prefix?: string
  weights: ComponentWeights
  /** Where the weights come from, for error messages (a file or folder path). */
  label: string
  /**
   * The whole model's parameters (keys without the prefix), when the graph uses only part of it (e.g.
   * CLIP with clip skip drops its last layers): coverage is checked against the whole model, so a
   * checkpoint is judged the same way whatever the graph uses.
   */
  model?: readonly ParamInfo[]
}

/**
 * Checks every part against its component (errors name the component and the part's label) and returns
 * one source for the whole graph: `graphWeights(g, { weights, label })` for one model,
 * `graphWeights(g, unetPart, { prefix: 'controlnet.', … })` for several.
 */
export function graphWeights(g: Graph, ...parts: WeightPart[]): WeightSource {
  const byLongest = [...parts].sort((a, b) => (b.prefix ?? '').length - (a.prefix ?? '').length)
  const partOf = (key: string) => byLongest.find((p) => key.startsWith(p.prefix ?? ''))
  const byKey = new Map<string, WeightTensor>()
  for (const part of byLongest) {
    const prefix = part.prefix ?? ''
    const used = g.paramKeys().filter((p) => partOf(p.key) === part)
    const expected = part.model ?? used.map((p) => ({ key: p.key.slice(prefix.length), shape: p.shape }))
    assertWeights(part.weights, expected, part.label).forEach((t) => byKey.set(prefix + t.key, t))
  }
  const orphan = g.paramKeys().find((p) => !byKey.has(p.key))
  if (orphan) {
    const part = partOf(orphan.key)
    const why = part ? `which the model of ${part.label} does not list` : 'which belongs to no model part'
    throw new Error(`graph ${g.name} uses "${orphan.key}", ${why}`)
  }
  return (key) => {
    const tensor = byKey.get(key)
    if (!tensor) throw new Error(`graph ${g.name} asked for "${key}", which it never declared`)
    return tensor.read()
  }
}
