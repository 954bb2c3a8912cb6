// Leaf layers with parameters. Each call opens the scope `name`, so its parameters get checkpoint keys
// `<enclosing scope>.<name>.weight` / `.bias` (diffusers names, e.g. `down_blocks.0.resnets.0.conv1.weight`)
// and its nodes are named `/<model>/…/<name>/Conv`. Input channel counts are read from the input's shape.
import type { Conv2dOptions } from '../../graph/graph'
import type { Graph } from '../../graph/graph'
import * as nn from '../../graph/nn'
import { GraphError, type Value } from '../../graph/types'

/** A static size of `x` along `axis` (channels, features): parameters need static shapes. */
export function staticDim(g: Graph, x: Value, axis: number, what: string): number {
  const d = x.shape[axis < 0 ? x.rank + axis : axis]
  if (typeof d !== 'number') throw new GraphError(g.scopePath, `${what} must be static, got ${x}`)
  return d
}

export interface ConvOptions extends Conv2dOptions {
  /** Default true. */
  bias?: boolean
}

/** nn.Conv2d: x [B, Cin, H, W] → [B, out, H', W']; weight [out, Cin/groups, k, k]. */
export function conv2d(g: Graph, name: string, x: Value, out: number, kernel: number, o: ConvOptions = {}): Value {
  return g.scope(name, () => {
    const cin = staticDim(g, x, 1, 'conv input channels')
    const w = g.param('weight', [out, cin / (o.groups ?? 1), kernel, kernel])
    const b = o.bias === false ? undefined : g.param('bias', [out])
    return g.conv2d(x, w, b, o)
  })
}

/** nn.Linear: x [..., in] → [..., out]; weight [out, in] (PyTorch layout). */
export function linear(g: Graph, name: string, x: Value, out: number, o: { bias?: boolean } = {}): Value {
  return g.scope(name, () => {
    const inFeatures = staticDim(g, x, -1, 'linear input features')
    const w = g.param('weight', [out, inFeatures])
    return nn.linear(g, x, w, o.bias === false ? undefined : g.param('bias', [out]))
  })
}

/** nn.GroupNorm(groups, C, eps) with affine weight/bias [C]: x [B, C, ...] → same shape. */
export function groupNorm(g: Graph, name: string, x: Value, groups: number, eps: number): Value {
  return g.scope(name, () => {
    const c = staticDim(g, x, 1, 'group norm channels')
    return nn.groupNorm(g, x, groups, g.param('weight', [c]), g.param('bias', [c]), eps)
  })
}

/** nn.LayerNorm(C, eps) over the last axis with affine weight/bias [C]. */
export function layerNorm(g: Graph, name: string, x: Value, eps: number): Value {
  return g.scope(name, () => {
    const c = staticDim(g, x, -1, 'layer norm features')
    return nn.layerNorm(g, x, g.param('weight', [c]), g.param('bias', [c]), eps)
  })
}
