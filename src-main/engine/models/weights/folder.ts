// Finds the component files of a diffusers-style folder: the standard pipeline layout (unet/, vae/,
// text_encoder/, each with config.json and *.safetensors, possibly sharded or with fp16 variants), a
// ControlNet or UNet model folder (config.json at the top), or flat "<component>.safetensors" files
// with "<component>_config.json" (the golden tiny models).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Component } from './component'
import { WeightsError } from './errors'
import { assertSafetensorsFile } from './sniff'

export interface FolderPart {
  component: Component
  files: string[]
  configPath?: string
}

const COMPONENTS: readonly Component[] = ['unet', 'vae', 'text_encoder', 'controlnet']
const CLASS_TO_COMPONENT: Record<string, Component> = {
  UNet2DConditionModel: 'unet',
  ControlNetModel: 'controlnet',
  AutoencoderKL: 'vae',
  CLIPTextModel: 'text_encoder',
}

export function discoverFolder(dir: string): FolderPart[] {
  refuseSdxlPipeline(dir)
  const sub = COMPONENTS.filter((c) => isDir(join(dir, c))).map((c) => subfolderPart(join(dir, c), c))
  if (sub.length) return sub
  const flat = COMPONENTS.filter((c) => existsSync(join(dir, `${c}.safetensors`))).map((c) => flatPart(dir, c))
  if (flat.length) return flat
  const single = modelFolderPart(dir)
  if (single) return [single]
  throw new WeightsError(
    'not-a-diffusion-model',
    `${dir} is not a diffusers model folder: it has no unet/, vae/, text_encoder/ or controlnet/ folder, ` +
      'no <component>.safetensors files and no config.json of a supported model.',
  )
}

function refuseSdxlPipeline(dir: string): void {
  const index = readJson(join(dir, 'model_index.json'))
  const className = typeof index?._class_name === 'string' ? index._class_name : ''
  if (/XL/.test(className) || isDir(join(dir, 'text_encoder_2'))) {
    throw new WeightsError(
      'sdxl',
      `${dir} is an SDXL pipeline (${className || 'text_encoder_2/'}). PoseAnimate runs on Stable Diffusion 1.5.`,
    )
  }
}

function subfolderPart(dir: string, component: Component): FolderPart {
  return { component, files: weightFiles(dir, component), configPath: optional(join(dir, 'config.json')) }
}

function flatPart(dir: string, component: Component): FolderPart {
  return {
    component,
    files: [join(dir, `${component}.safetensors`)],
    configPath: optional(join(dir, `${component}_config.json`)),
  }
}

/** A folder holding one model: config.json names its class, weights sit beside it. */
function modelFolderPart(dir: string): FolderPart | undefined {
  const config = readJson(join(dir, 'config.json'))
  const architecture = Array.isArray(config?.architectures) ? config.architectures[0] : undefined
  const component = CLASS_TO_COMPONENT[String(config?._class_name ?? architecture ?? '')]
  return component ? { component, files: weightFiles(dir, component), configPath: join(dir, 'config.json') } : undefined
}

/** The component's *.safetensors: the full-precision set when both it and a variant (fp16, …) exist. */
function weightFiles(dir: string, component: Component): string[] {
  const names = readdirSync(dir)
  const tensors = names.filter((n) => n.endsWith('.safetensors'))
  if (tensors.length === 0) {
    const pickle = names.find((n) => /\.(bin|ckpt|pt|pth)$/.test(n))
    if (pickle) assertSafetensorsFile(join(dir, pickle), new Uint8Array()) // throws the pickle refusal
    throw new WeightsError('not-found', `${dir} has no .safetensors weights for the ${component}.`)
  }
  const plain = tensors.filter((n) => !/\.(fp16|bf16|fp32|ema|non_ema)(\.|-)/.test(n))
  const chosen = plain.length ? plain : tensors.filter((n) => n.includes(variantOf(tensors[0])))
  return chosen.sort().map((n) => join(dir, n))
}

function variantOf(name: string): string {
  return /\.(fp16|bf16|fp32|ema|non_ema)(\.|-)/.exec(name)?.[0] ?? name
}

function isDir(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory()
}

function optional(path: string): string | undefined {
  return existsSync(path) ? path : undefined
}

export function readJson(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined
  try {
    const json: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return json && typeof json === 'object' ? (json as Record<string, unknown>) : {}
  } catch (err) {
    throw new WeightsError('bad-config', `${path} is not valid JSON (${(err as Error).message}).`)
  }
}
