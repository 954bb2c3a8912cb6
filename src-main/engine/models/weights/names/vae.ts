// Original LDM VAE (`first_stage_model.*`) ↔ diffusers AutoencoderKL names (sd15-facts §2.3; diffusers
// single_file_utils.convert_ldm_vae_checkpoint, conv_attn_to_linear). Two LDM quirks: decoder levels are
// numbered in reverse (up.{n-1-i}), and the mid attention uses 1×1 convs where diffusers has Linear.
import type { VaeConfig } from '../../config'
import { KeyMap, type ModuleRow, type ParamRename } from './keymap'

export const LDM_VAE_PREFIXES = ['first_stage_model.', 'vae.'] as const

const VAE_RESNET_PARAMS: readonly ParamRename[] = [{ foreign: 'nin_shortcut', diffusers: 'conv_shortcut' }]

const VAE_ATTENTION_PARAMS: readonly ParamRename[] = [
  { foreign: 'norm', diffusers: 'group_norm' },
  { foreign: 'q', diffusers: 'to_q', conv1x1: true },
  { foreign: 'k', diffusers: 'to_k', conv1x1: true },
  { foreign: 'v', diffusers: 'to_v', conv1x1: true },
  { foreign: 'proj_out', diffusers: 'to_out.0', conv1x1: true },
]

/** Pre-0.14 diffusers VAE attention names (e.g. the original SD 1.5 repo's vae/), renamed on load. */
export const LEGACY_VAE_ATTENTION_NAMES: ReadonlyArray<readonly [legacy: string, current: string]> = [
  ['query', 'to_q'],
  ['key', 'to_k'],
  ['value', 'to_v'],
  ['proj_attn', 'to_out.0'],
]

/** Renames `…mid_block.attentions.0.query.weight` style keys to the current names; others unchanged. */
export function modernVaeKey(key: string): string {
  const match = /^(.*\.mid_block\.attentions\.0\.)([a-z_]+)(\.(?:weight|bias))$/.exec(key)
  if (!match) return key
  const current = LEGACY_VAE_ATTENTION_NAMES.find(([legacy]) => legacy === match[2])
  return current ? `${match[1]}${current[1]}${match[3]}` : key
}

const resnet = (foreign: string, diffusers: string): ModuleRow => ({ foreign, diffusers, params: VAE_RESNET_PARAMS })
const plain = (foreign: string, diffusers: string): ModuleRow => ({ foreign, diffusers })

function midRows(part: 'encoder' | 'decoder'): ModuleRow[] {
  return [
    resnet(`${part}.mid.block_1`, `${part}.mid_block.resnets.0`),
    { foreign: `${part}.mid.attn_1`, diffusers: `${part}.mid_block.attentions.0`, params: VAE_ATTENTION_PARAMS },
    resnet(`${part}.mid.block_2`, `${part}.mid_block.resnets.1`),
  ]
}

function encoderRows(cfg: VaeConfig): ModuleRow[] {
  const levels = cfg.blockOutChannels.length
  const rows = [plain('encoder.conv_in', 'encoder.conv_in')]
  for (let i = 0; i < levels; i++) {
    for (let j = 0; j < cfg.layersPerBlock; j++) {
      rows.push(resnet(`encoder.down.${i}.block.${j}`, `encoder.down_blocks.${i}.resnets.${j}`))
    }
    if (i < levels - 1)
      rows.push(plain(`encoder.down.${i}.downsample.conv`, `encoder.down_blocks.${i}.downsamplers.0.conv`))
  }
  rows.push(...midRows('encoder'))
  rows.push(plain('encoder.norm_out', 'encoder.conv_norm_out'), plain('encoder.conv_out', 'encoder.conv_out'))
  return rows
}

function decoderRows(cfg: VaeConfig): ModuleRow[] {
  const levels = cfg.blockOutChannels.length
  const rows = [plain('decoder.conv_in', 'decoder.conv_in'), ...midRows('decoder')]
  for (let i = 0; i < levels; i++) {
    const ldm = levels - 1 - i // LDM numbers decoder levels from the lowest resolution up
    for (let j = 0; j < cfg.layersPerBlock + 1; j++) {
      rows.push(resnet(`decoder.up.${ldm}.block.${j}`, `decoder.up_blocks.${i}.resnets.${j}`))
    }
    if (i < levels - 1) rows.push(plain(`decoder.up.${ldm}.upsample.conv`, `decoder.up_blocks.${i}.upsamplers.0.conv`))
  }
  rows.push(plain('decoder.norm_out', 'decoder.conv_norm_out'), plain('decoder.conv_out', 'decoder.conv_out'))
  return rows
}

export function vaeKeyMap(cfg: VaeConfig, prefix: string = LDM_VAE_PREFIXES[0]): KeyMap {
  const rows = [...encoderRows(cfg), ...decoderRows(cfg)]
  rows.push(plain('quant_conv', 'quant_conv'), plain('post_quant_conv', 'post_quant_conv'))
  return new KeyMap(rows, prefix)
}
