// Original LDM UNet (`model.diffusion_model.*`) ↔ diffusers UNet2DConditionModel names, as tables built
// from the config (sd15-facts §2.2; diffusers single_file_utils.convert_ldm_unet_checkpoint and
// scripts/convert_diffusers_to_original_stable_diffusion.py). Attention internals are identical in both
// layouts, so only their module prefix changes. The encoder rows are shared with the ControlNet.
import type { UNetConfig, UNetEncoderConfig } from '../../config'
import { KeyMap, type ModuleRow, type ParamRename } from './keymap'

export const LDM_UNET_PREFIX = 'model.diffusion_model.'

/** ResBlock internals: LDM Sequential indices ↔ diffusers ResnetBlock2D fields. */
export const UNET_RESNET_PARAMS: readonly ParamRename[] = [
  { foreign: 'in_layers.0', diffusers: 'norm1' },
  { foreign: 'in_layers.2', diffusers: 'conv1' },
  { foreign: 'emb_layers.1', diffusers: 'time_emb_proj' },
  { foreign: 'out_layers.0', diffusers: 'norm2' },
  { foreign: 'out_layers.3', diffusers: 'conv2' },
  { foreign: 'skip_connection', diffusers: 'conv_shortcut' },
]

const resnet = (foreign: string, diffusers: string): ModuleRow => ({ foreign, diffusers, params: UNET_RESNET_PARAMS })
const plain = (foreign: string, diffusers: string): ModuleRow => ({ foreign, diffusers })

/** time embedding, conv_in, down blocks and mid block: the part the ControlNet copies. */
export function unetEncoderRows(cfg: UNetEncoderConfig): ModuleRow[] {
  const perLevel = cfg.layersPerBlock + 1 // LDM input_blocks per level: the resnets, then the downsampler
  const rows = [plain('time_embed.0', 'time_embedding.linear_1'), plain('time_embed.2', 'time_embedding.linear_2')]
  rows.push(plain('input_blocks.0.0', 'conv_in'))
  cfg.downBlockTypes.forEach((type, i) => {
    for (let j = 0; j < cfg.layersPerBlock; j++) {
      const n = i * perLevel + j + 1
      rows.push(resnet(`input_blocks.${n}.0`, `down_blocks.${i}.resnets.${j}`))
      if (type === 'CrossAttnDownBlock2D') rows.push(plain(`input_blocks.${n}.1`, `down_blocks.${i}.attentions.${j}`))
    }
    const last = i === cfg.downBlockTypes.length - 1
    if (!last) rows.push(plain(`input_blocks.${(i + 1) * perLevel}.0.op`, `down_blocks.${i}.downsamplers.0.conv`))
  })
  rows.push(resnet('middle_block.0', 'mid_block.resnets.0'))
  rows.push(plain('middle_block.1', 'mid_block.attentions.0'))
  rows.push(resnet('middle_block.2', 'mid_block.resnets.1'))
  return rows
}

/** up blocks and the output head. */
function unetDecoderRows(cfg: UNetConfig): ModuleRow[] {
  const perLevel = cfg.layersPerBlock + 1 // up blocks have one resnet more than down blocks
  const rows: ModuleRow[] = []
  cfg.upBlockTypes.forEach((type, i) => {
    const attention = type === 'CrossAttnUpBlock2D'
    for (let j = 0; j < perLevel; j++) {
      const n = i * perLevel + j
      rows.push(resnet(`output_blocks.${n}.0`, `up_blocks.${i}.resnets.${j}`))
      if (attention) rows.push(plain(`output_blocks.${n}.1`, `up_blocks.${i}.attentions.${j}`))
    }
    // The upsampler sits after the last resnet (and its attention, when there is one).
    const last = i === cfg.upBlockTypes.length - 1
    const slot = attention ? 2 : 1
    if (!last)
      rows.push(plain(`output_blocks.${i * perLevel + perLevel - 1}.${slot}.conv`, `up_blocks.${i}.upsamplers.0.conv`))
  })
  rows.push(plain('out.0', 'conv_norm_out'), plain('out.2', 'conv_out'))
  return rows
}

export function unetKeyMap(cfg: UNetConfig): KeyMap {
  return new KeyMap([...unetEncoderRows(cfg), ...unetDecoderRows(cfg)], LDM_UNET_PREFIX)
}
