// Reads intermediate activations out of a built graph the way diffusers forward hooks do: the output of a
// module is the last value computed inside its scope. Module names use diffusers' dotted form
// ('down_blocks.0.attentions.0.transformer_blocks.0.attn1'), where an index belongs to the name before it.
import type { Graph } from '../../../src-main/engine/graph/graph'
import type { Value } from '../../../src-main/engine/graph/types'

/** 'down_blocks.0.resnets.1' → '/unet/down_blocks.0/resnets.1' (scopes keep their index). */
export function modulePath(graphName: string, module: string): string {
  const parts: string[] = []
  for (const part of module.split('.')) {
    if (/^\d+$/.test(part) && parts.length) parts[parts.length - 1] += `.${part}`
    else parts.push(part)
  }
  return `/${graphName}/${parts.join('/')}`
}

/** The last value produced inside `module`'s scope (its forward output), or an error naming the module. */
export function moduleOutput(g: Graph, module: string, graphName = g.name): Value {
  const path = modulePath(graphName, module)
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const node = g.nodes[i]
    if (node.scope === path || node.scope.startsWith(`${path}/`)) return node.outputs[0]
  }
  throw new Error(`no node was built inside ${path}`)
}
