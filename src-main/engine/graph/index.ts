/**
 * Tensor-graph builder → ONNX. Pure TypeScript: no fs, no onnxruntime (see engine/runtime for both).
 *
 * ```ts
 * const g = new Graph('unet')                                   // node names start at /unet
 * const x = g.input('sample', 'float32', ['N', 4, 64, 64])      // a dim may be symbolic
 * const h = g.scope('conv_in', () =>                            // key 'conv_in.weight', node /unet/conv_in/Conv
 *   g.conv2d(x, g.param('weight', [320, 4, 3, 3]), g.param('bias', [320]), { pad: 1 }))
 * g.output('h', h)                                              // any value can be an output
 * const [dCtx] = vjp(g, [out], [context], [dOut])               // appends the backward graph
 * const bytes = await emitOnnxBytes(g, { weights: (key) => tensors[key] })   // small models, inline
 * // big models: emitOnnx(g, { weights, precision: 'fp16', dir, name }) from engine/runtime/emit
 * // (external data, no onnxruntime import) or ModelCache from engine/runtime/modelCache
 * ```
 *
 * - Every Value carries dtype + shape; shape errors throw GraphError naming the node path at build time.
 * - `g.scope(name, fn)` nests node names and parameter keys; `g.subgraph('controlnet', fn, { keyPrefix })`
 *   puts a second model's nodes under /controlnet and its keys under their own root.
 * - `g.param(name, shape)` is keyed by checkpoint key; `g.paramKeys()` lists (key, shape, dtype).
 * - Constants (`g.constant`, numbers passed to `g.add(x, 1)`) are deduplicated.
 * - Composites (SiLU, GELU, GEGLU, GroupNorm, LayerNorm, Linear, attention) are in nn.ts. Autodiff goes
 *   through their primitives, except where `g.composite(name, inputs, forward, vjp)` gives a unit its own
 *   VJP (attention.ts: probabilities recomputed in the backward instead of kept, decision 0090).
 * - Precision is chosen at emission: 'fp32', 'fp16' (norms/softmax/reductions stay fp32; wrap other
 *   sensitive parts in `g.fp32(fn)`), 'fp64' (for finite-difference checks).
 */
export { Graph, type Conv2dOptions, type ConvTranspose2dOptions } from './graph'
export type { GraphOptions, ParamInfo } from './core'
export * as nn from './nn'
export { vjp } from './autodiff'
export { ops, type PrimOp, type OpAttrs } from './ops'
export { emitOnnxBytes, buildModel, buildStructure, encodeModel, OPSET, IR_VERSION } from './onnx'
export type { IoSignature, TensorSignature, WeightSink, Placement, BuildOptions, BuiltModel } from './onnx'
export type { Precision } from './precision'
export { randomWeights, type WeightData, type WeightSource, type WeightInfo } from './weights'
export { float16ToFloat32, float32ToFloat16, toHalfBits, fromHalfBits } from './fp16'
export { countFlops, liveNodes, opHistogram, type DimBindings } from './stats'
export { type DType, type Dim, type Shape, Value, GraphError, DTYPES } from './types'
