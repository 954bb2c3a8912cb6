// ControlNet v1.1 original layout (lllyasviel cldm, `control_model.*`) ↔ diffusers ControlNetModel names
// (sd15-facts §3.2; diffusers single_file_utils.convert_controlnet_checkpoint). The encoder copy uses the
// UNet's LDM names; the hint encoder, zero convs and mid zero conv have their own rows.
import type { ControlNetConfig } from '../../config'
import { KeyMap, type ModuleRow } from './keymap'
import { unetEncoderRows } from './unet'

export const LDM_CONTROLNET_PREFIX = 'control_model.'

/** Number of down-block features the ControlNet returns (12 for SD 1.5): conv_in, each resnet, each downsampler. */
export function controlNetResidualCount(cfg: ControlNetConfig): number {
  const levels = cfg.blockOutChannels.length
  return 1 + levels * cfg.layersPerBlock + (levels - 1)
}

function hintRows(cfg: ControlNetConfig): ModuleRow[] {
  // input_hint_block is Sequential(conv, SiLU, conv, SiLU, …, zero conv): convs sit at even indices.
  const blocks = 2 * (cfg.conditioningEmbeddingOutChannels.length - 1)
  const rows: ModuleRow[] = [{ foreign: 'input_hint_block.0', diffusers: 'controlnet_cond_embedding.conv_in' }]
  for (let k = 0; k < blocks; k++) {
    rows.push({ foreign: `input_hint_block.${2 * (k + 1)}`, diffusers: `controlnet_cond_embedding.blocks.${k}` })
  }
  rows.push({ foreign: `input_hint_block.${2 * (blocks + 1)}`, diffusers: 'controlnet_cond_embedding.conv_out' })
  return rows
}

function zeroConvRows(cfg: ControlNetConfig): ModuleRow[] {
  const rows: ModuleRow[] = []
  for (let i = 0; i < controlNetResidualCount(cfg); i++) {
    rows.push({ foreign: `zero_convs.${i}.0`, diffusers: `controlnet_down_blocks.${i}` })
  }
  rows.push({ foreign: 'middle_block_out.0', diffusers: 'controlnet_mid_block' })
  return rows
}

/** `prefix` is "control_model." for the .pth-derived files; some conversions drop it (pass ""). */
export function controlNetKeyMap(cfg: ControlNetConfig, prefix = LDM_CONTROLNET_PREFIX): KeyMap {
  return new KeyMap([...unetEncoderRows(cfg), ...hintRows(cfg), ...zeroConvRows(cfg)], prefix)
}
