// The alternate models' config.json files: the real golden configs with the profile's sizes put in, so
// the format (every diffusers/transformers field, key order) stays exactly the real one.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseModelConfigs, type ModelConfigs } from '../../src-main/engine/models/config'
import type { AltProfile } from './profile'

type Json = Record<string, unknown>

export const CONFIG_FILES = {
  unet: 'unet_config.json',
  controlnet: 'controlnet_config.json',
  vae: 'vae_config.json',
  text_encoder: 'text_encoder_config.json',
} as const

export const SCHEDULER_FILE = 'pipeline_scheduler_scheduler_config.json'

const readJson = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json

/** Replaces only keys the template has: a typo in the profile must not add a field diffusers ignores. */
function override(template: Json, values: Json, label: string): Json {
  for (const key of Object.keys(values)) {
    if (!(key in template)) throw new Error(`${label} has no field '${key}' to override`)
  }
  return { ...template, ...values }
}

/** Writes the four config files into `out` and returns their raw JSON. */
export function writeConfigs(from: string, out: string, p: AltProfile): Record<keyof typeof CONFIG_FILES, Json> {
  // ControlNetModel.from_unet copies the encoder fields; the UNet-only ones have no ControlNet key.
  const { sample_size: _size, out_channels: _out, ...encoder } = p.unet as Json
  const values = {
    unet: p.unet,
    controlnet: { ...encoder, ...p.controlnet },
    vae: p.vae,
    text_encoder: p.textEncoder,
  }
  const written = {} as Record<keyof typeof CONFIG_FILES, Json>
  for (const [component, file] of Object.entries(CONFIG_FILES) as [keyof typeof CONFIG_FILES, string][]) {
    const json = override(readJson(join(from, file)), values[component], file)
    writeFileSync(join(out, file), `${JSON.stringify(json, null, 1)}\n`)
    written[component] = json
  }
  return written
}

/** Parses the written configs with the engine's own parsers (what the golden tests do). */
export function parsedConfigs(json: Record<keyof typeof CONFIG_FILES, Json>, scheduler: Json): ModelConfigs {
  return parseModelConfigs({ ...json, scheduler }, (c) => (c === 'scheduler' ? SCHEDULER_FILE : CONFIG_FILES[c]))
}

export { readJson }
