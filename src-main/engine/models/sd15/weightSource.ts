// Weights for graphs that hold several models (UNet + ControlNet): parameter keys are split by key
// prefix ('controlnet.' → the ControlNet component, the rest → the UNet), each part must cover its
// component exactly (assertWeights: nothing missing, wrong-shaped or left over) before emission starts.
import type { Graph } from '../../graph/graph'
import type { WeightSource } from '../../graph/weights'
import type { ComponentWeights, WeightTensor } from '../weights/component'
import { assertWeights } from '../weights/load'

export interface WeightPart {
  /** Key prefix of this model's parameters in the graph ('' for the root model). */
  prefix: string
  weights: ComponentWeights
  /** Where the weights come from, for error messages (a file or folder path). */
  label: string
}

/** Checks every part against its component and returns one source for the whole graph. */
export function multiModelWeights(g: Graph, parts: readonly WeightPart[]): WeightSource {
  const byLongest = [...parts].sort((a, b) => b.prefix.length - a.prefix.length)
  const partOf = (key: string) => byLongest.find((p) => key.startsWith(p.prefix))
  const byKey = new Map<string, WeightTensor>()
  for (const part of byLongest) {
    const expected = g
      .paramKeys()
      .filter((p) => partOf(p.key) === part)
      .map((p) => ({ key: p.key.slice(part.prefix.length), shape: p.shape }))
    const tensors = assertWeights(part.weights, expected, part.label)
    tensors.forEach((t) => byKey.set(part.prefix + t.key, t))
  }
  const orphan = g.paramKeys().find((p) => !byKey.has(p.key))
  if (orphan) throw new Error(`graph ${g.name}: parameter "${orphan.key}" belongs to no model part`)
  return (key) => {
    const tensor = byKey.get(key)
    if (!tensor) throw new Error(`graph ${g.name} asked for "${key}", which it never declared`)
    return tensor.read()
  }
}
