// Runs a built graph on the alternate weights (read back from the files just written, through the same
// loader the tests use) and returns every output as float32.
import { emitOnnxBytes } from '../../src-main/engine/graph/onnx'
import type { Graph } from '../../src-main/engine/graph/graph'
import { graphWeights } from '../../src-main/engine/runners/graphWeights'
import { CONTROLNET_PREFIX } from '../../src-main/engine/models/sd15/variants'
import type { Component } from '../../src-main/engine/models/weights/component'
import type { CheckpointSource } from '../../src-main/engine/models/weights/source'
import { type Runtime, type TensorLike, toFloat32 } from '../../src-main/engine/runtime'
import type { ParamInfo } from '../../src-main/engine/graph/core'

export interface AltContext {
  dir: string
  runtime: Runtime
  /** The alternate folder opened as a diffusers folder (unet, vae, text_encoder, controlnet). */
  models: CheckpointSource
}

export type Outputs = Record<string, Float32Array>

/** The static shape of output `name` of `g` (the alternate graphs have no symbolic dims). */
export function outputShape(g: Graph, name: string): number[] {
  const out = g.outputs.find((o) => o.name === name)
  if (!out) throw new Error(`graph ${g.name} has no output ${name}`)
  if (!out.value.shape.every((d) => typeof d === 'number')) throw new Error(`output ${name} is not static`)
  return out.value.shape as number[]
}

/** Builds `g` with one component's weights (`model`: the whole model when the graph uses part of it). */
export async function runComponent(
  ctx: AltContext,
  g: Graph,
  component: Component,
  feeds: Record<string, TensorLike>,
  model?: readonly ParamInfo[],
): Promise<Outputs> {
  const weights = graphWeights(g, { weights: ctx.models.component(component), label: ctx.models.path, model })
  return run(ctx, await emitOnnxBytes(g, { weights }), feeds)
}

/** Builds `g` with the UNet at the root and the ControlNet under 'controlnet.'. */
export async function runUnetControl(ctx: AltContext, g: Graph, feeds: Record<string, TensorLike>): Promise<Outputs> {
  const weights = graphWeights(
    g,
    { weights: ctx.models.component('unet'), label: ctx.models.path },
    { prefix: CONTROLNET_PREFIX, weights: ctx.models.component('controlnet'), label: ctx.models.path },
  )
  return run(ctx, await emitOnnxBytes(g, { weights }), feeds)
}

async function run(ctx: AltContext, bytes: Uint8Array, feeds: Record<string, TensorLike>): Promise<Outputs> {
  const out = await (await ctx.runtime.session(bytes)).run(feeds)
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toFloat32(v)]))
}
