// Case controlnet_forward: conditioning embedding, every down residual and the mid residual (already
// scaled), and the UNet with them added, at conditioning scales 1 ('s1/') and 0.5 ('s05/').
import { Graph } from '../../../src-main/engine/graph/graph'
import type { ModelConfigs } from '../../../src-main/engine/models/config'
import { controlNet } from '../../../src-main/engine/models/sd15/controlnet'
import { unet2DCondition } from '../../../src-main/engine/models/sd15/unet'
import { CONTROLNET_PREFIX } from '../../../src-main/engine/models/sd15/variants'
import { controlNetResidualCount } from '../../../src-main/engine/models/weights/names/controlnet'
import { tensor } from '../../../src-main/engine/runtime'
import { moduleOutput } from '../../../test/golden/helpers/taps'
import { CaseFile, dims, type ManifestEntry } from '../caseFile'
import { numel, type Random } from '../random'
import { type AltContext, outputShape, runUnetControl } from '../run'
import { addInputs, type UNetInputsData, unetFeeds } from './unet'

const SCALES = [
  { prefix: 's1', scale: 1 },
  { prefix: 's05', scale: 0.5 },
]

function controlGraph(cfg: ModelConfigs, x: UNetInputsData, imageShape: number[]): Graph {
  const g = new Graph('unet')
  const sample = g.input('sample', 'float32', x.sampleShape)
  const timestep = g.input('timestep', 'int64', [x.timesteps.length])
  const context = g.input('encoder_hidden_states', 'float32', x.contextShape)
  const image = g.input('control_image', 'float32', imageShape)
  const scale = g.input('control_scale', 'float32', [x.timesteps.length])
  const inputs = { sample, timestep, context, image, scale }
  const control = g.subgraph('controlnet', () => controlNet(g, cfg.controlnet, inputs), {
    keyPrefix: CONTROLNET_PREFIX,
  })
  g.output('cond_embedding', moduleOutput(g, 'controlnet_cond_embedding', 'controlnet'))
  control.down.forEach((r, i) => g.output(`down_block_res_sample_${i}`, r))
  g.output('mid_block_res_sample', control.mid)
  g.output('unet_with_control', unet2DCondition(g, cfg.unet, { sample, timestep, context }, { control }))
  return g
}

export async function controlNetCase(
  ctx: AltContext,
  cfg: ModelConfigs,
  x: UNetInputsData,
  rng: Random,
): Promise<ManifestEntry> {
  const up = 2 ** (cfg.controlnet.conditioningEmbeddingOutChannels.length - 1)
  const [b, , h, w] = x.sampleShape
  const imageShape = [b, cfg.controlnet.conditioningChannels, h * up, w * up]
  const residuals = controlNetResidualCount(cfg.controlnet)
  const c = new CaseFile(
    ctx.dir,
    'case_controlnet.safetensors',
    `Alternate ControlNetModel (conditioning_embedding_out_channels=${dims(cfg.controlnet.conditioningEmbeddingOutChannels)}). ` +
      `Residual order = diffusers down_block_res_samples order (${residuals} = conv_in + per down block its layers + a downsampler, none after the last block).`,
  )
  addInputs(c, x, 'same as unet_forward')
  const image = c.f32(
    'controlnet_cond',
    imageShape,
    rng.uniform(numel(imageShape)),
    `conditioning image ${dims(imageShape)} in [0,1]`,
  )
  const g = controlGraph(cfg, x, imageShape)
  const shape = (name: string) => outputShape(g, name)
  for (const { prefix, scale } of SCALES) {
    const out = await runUnetControl(ctx, g, {
      ...unetFeeds(x),
      control_image: tensor.f32(image, imageShape),
      control_scale: tensor.f32(new Array<number>(b).fill(scale), [b]),
    })
    if (scale === 1)
      c.f32(
        'cond_embedding',
        shape('cond_embedding'),
        out.cond_embedding,
        'controlnet_cond_embedding(controlnet_cond)',
        true,
      )
    for (const name of Object.keys(out).filter((k) => k.includes('res_sample'))) {
      c.f32(
        `${prefix}/${name}`,
        shape(name),
        out[name],
        `${name} at conditioning_scale ${scale} (already scaled)`,
        true,
      )
    }
    c.f32(
      `${prefix}/unet_with_control`,
      shape('unet_with_control'),
      out.unet_with_control,
      `UNet with the residuals of scale ${scale} added`,
      true,
    )
  }
  return c.write()
}
