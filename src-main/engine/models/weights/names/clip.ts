// LDM single-file text encoder (`cond_stage_model.transformer.*`) ↔ transformers CLIPTextModel names:
// only the prefix differs (sd15-facts §2.4, §5.3).
import { KeyMap } from './keymap'

export const LDM_CLIP_PREFIX = 'cond_stage_model.transformer.'

/** transformers ≥ 5.6 saves CLIPTextModel without the `text_model.` level; we add it back on load. */
const FLATTENED_ROOTS = ['embeddings.', 'encoder.', 'final_layer_norm.']

export function clipKeyMap(): KeyMap {
  return new KeyMap([{ foreign: 'text_model', diffusers: 'text_model' }], LDM_CLIP_PREFIX)
}

/** Puts a flattened transformers key back under `text_model.`; other keys are returned unchanged. */
export function canonicalClipKey(key: string): string {
  return FLATTENED_ROOTS.some((root) => key.startsWith(root)) ? `text_model.${key}` : key
}

/** A buffer some files carry; it is always arange(77), so we never load it. */
export function isClipPositionIds(key: string): boolean {
  return key.endsWith('embeddings.position_ids')
}
