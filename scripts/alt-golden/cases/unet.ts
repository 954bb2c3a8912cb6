// Case unet_forward: the UNet's output and the same hooked intermediates the real set records. Its inputs
// are shared with controlnet_forward (controlnet.ts), as in the real set.
import { Graph } from '../../../src-main/engine/graph/graph'
import type { UNetConfig } from '../../../src-main/engine/models/config'
import { unet2DCondition } from '../../../src-main/engine/models/sd15/unet'
import { tensor } from '../../../src-main/engine/runtime'
import { moduleOutput } from '../../../test/golden/helpers/taps'
import { CaseFile, dims, type ManifestEntry } from '../caseFile'
import type { AltProfile } from '../profile'
import { numel, type Random } from '../random'
import { type AltContext, outputShape, runComponent } from '../run'

export interface UNetInputsData {
  sample: Float32Array
  timesteps: number[]
  context: Float32Array
  sampleShape: number[]
  contextShape: number[]
}

export function unetInputs(p: AltProfile, cfg: UNetConfig, rng: Random): UNetInputsData {
  const sampleShape = [p.batch, cfg.inChannels, p.latent.height, p.latent.width]
  const contextShape = [p.batch, p.contextTokens, cfg.crossAttentionDim]
  const timesteps = Array.from({ length: p.batch }, () => rng.int(0, 1000))
  return {
    sample: rng.normal(numel(sampleShape)),
    timesteps,
    context: rng.normal(numel(contextShape)),
    sampleShape,
    contextShape,
  }
}

/** The modules the real generator hooks, in its order (diffusers names). */
export function unetIntermediates(cfg: UNetConfig): string[] {
  const block = 'down_blocks.0.attentions.0.transformer_blocks.0'
  return [
    'time_proj',
    'time_embedding',
    'conv_in',
    'down_blocks.0.resnets.0',
    `${block}.attn1`,
    `${block}.attn2`,
    `${block}.ff`,
    'down_blocks.0.attentions.0',
    ...cfg.downBlockTypes.map((_, i) => `down_blocks.${i}`),
    'mid_block',
    ...cfg.upBlockTypes.map((_, i) => `up_blocks.${i}`),
    'conv_norm_out',
    'conv_out',
  ]
}

export function addInputs(c: CaseFile, x: UNetInputsData, same = '') {
  c.f32('sample', x.sampleShape, x.sample, same || `input noisy latent ${dims(x.sampleShape)}`)
  c.i64('timesteps', [x.timesteps.length], x.timesteps, same || 'int64 timestep per batch element')
  c.f32('encoder_hidden_states', x.contextShape, x.context, same || `cross-attention context ${dims(x.contextShape)}`)
}

function unetGraph(cfg: UNetConfig, x: UNetInputsData, modules: string[]): Graph {
  const g = new Graph('unet')
  const sample = g.input('sample', 'float32', x.sampleShape)
  const timestep = g.input('timestep', 'int64', [x.timesteps.length])
  const context = g.input('encoder_hidden_states', 'float32', x.contextShape)
  g.output('out', unet2DCondition(g, cfg, { sample, timestep, context }))
  for (const m of modules) g.output(`intermediate/${m}`, moduleOutput(g, m))
  return g
}

export const unetFeeds = (x: UNetInputsData) => ({
  sample: tensor.f32(x.sample, x.sampleShape),
  timestep: tensor.i64(x.timesteps),
  encoder_hidden_states: tensor.f32(x.context, x.contextShape),
})

export async function unetForwardCase(ctx: AltContext, cfg: UNetConfig, x: UNetInputsData): Promise<ManifestEntry> {
  const c = new CaseFile(ctx.dir, 'case_unet_forward.safetensors', 'Alternate UNet2DConditionModel forward pass.')
  addInputs(c, x)
  const modules = unetIntermediates(cfg)
  const g = unetGraph(cfg, x, modules)
  const out = await runComponent(ctx, g, 'unet', unetFeeds(x))
  c.f32('out', x.sampleShape, out.out, 'unet(sample, timesteps, encoder_hidden_states).sample (predicted eps)', true)
  for (const m of modules) {
    const name = `intermediate/${m}`
    c.f32(name, outputShape(g, name), out[name], 'output of that module on the same inputs (last value in its scope)')
  }
  return c.write()
}
