// The tiny demo model: untrained, deterministic random weights in the tiny SD 1.5 configuration of the
// golden tests (configs shipped in resources/demo/model/*.json), generated on first use into the cache
// dir as real files in the diffusers layout, so the demo runs on a fresh machine with no downloads:
//   <cache>/demo-model-<tag>/sd/{model_index.json, unet/, vae/, text_encoder/, scheduler/}
//   <cache>/demo-model-<tag>/controlnet/{config.json, diffusion_pytorch_model.safetensors}
// They exercise the whole pipeline but draw nothing meaningful. The tag hashes the configs, the seed and
// the generator version, so a changed config gets a fresh model; a marker written last makes a
// half-written model (crash, disk full) invisible: it is regenerated.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Graph } from '../graph/graph'
import type { ParamInfo } from '../graph/core'
import { parseModelConfigs, type ModelConfigs } from '../models/config'
import { clipTextGraph } from '../models/sd15/clip'
import { controlNet } from '../models/sd15/controlnet'
import { unet2DCondition } from '../models/sd15/unet'
import { vaeModelParams } from '../models/sd15/vae'
import { writeRandomCheckpoint } from '../models/weights/synthetic'
import { removeQuietly } from '../export/files'
import { demoResourcesDir } from './resources'

/** Bump when the generated files change for the same configs (new init, new layout). */
const GENERATOR_VERSION = 1
const SEED = 5
const MARKER = 'complete.json'

export interface DemoModel {
  /** The SD folder (unet, vae, text_encoder): what a user passes as --model. */
  model: string
  /** The ControlNet model folder: what a user passes as --controlnet. */
  controlnet: string
  configs: ModelConfigs
  /** true when this call wrote the files (first use). */
  generated: boolean
}

type ConfigJson = Record<string, unknown>
interface DemoConfigJson {
  unet: ConfigJson
  controlnet: ConfigJson
  vae: ConfigJson
  text_encoder: ConfigJson
  scheduler: ConfigJson
  model_index: ConfigJson
}

function readConfigJson(resources: string): DemoConfigJson {
  const read = (name: string) =>
    JSON.parse(readFileSync(join(resources, 'model', `${name}.json`), 'utf8')) as ConfigJson
  return {
    unet: read('unet'),
    controlnet: read('controlnet'),
    vae: read('vae'),
    text_encoder: read('text_encoder'),
    scheduler: read('scheduler'),
    model_index: read('model_index'),
  }
}

/** The demo model's typed configs (pass them to openCheckpoint: the tiny shapes are not SD 1.5's). */
export function demoModelConfigs(resources = demoResourcesDir()): ModelConfigs {
  return configsOf(readConfigJson(resources))
}

function configsOf(json: DemoConfigJson): ModelConfigs {
  return parseModelConfigs(json, (component) => `demo ${component}.json`)
}

/** Returns the demo model under `cacheDir`, generating it first if needed (about a second). */
export function ensureDemoModel(cacheDir: string, resources = demoResourcesDir()): DemoModel {
  const json = readConfigJson(resources)
  const configs = configsOf(json)
  const root = join(cacheDir, `demo-model-${demoTag(json)}`)
  const paths = { model: join(root, 'sd'), controlnet: join(root, 'controlnet'), configs }
  if (existsSync(join(root, MARKER))) return { ...paths, generated: false }
  mkdirSync(cacheDir, { recursive: true })
  const temp = `${root}.${process.pid}-${Math.random().toString(36).slice(2, 8)}.partial`
  try {
    writeDemoModel(temp, json, configs)
    // A root without its marker was damaged after the fact (models are renamed in complete): replace it.
    if (existsSync(root)) removeQuietly(root)
    renameSync(temp, root)
  } catch (err) {
    removeQuietly(temp)
    // Another process finishing first is fine: its model is the same, byte for byte.
    if (!existsSync(join(root, MARKER))) throw err
  }
  return { ...paths, generated: true }
}

function demoTag(json: DemoConfigJson): string {
  const hash = createHash('sha256').update(JSON.stringify({ GENERATOR_VERSION, SEED, json }))
  return hash.digest('hex').slice(0, 12)
}

function writeDemoModel(dir: string, json: DemoConfigJson, configs: ModelConfigs): void {
  const parts: Array<[folder: string, file: string, config: ConfigJson, params: ParamInfo[]]> = [
    ['sd/unet', 'diffusion_pytorch_model.safetensors', json.unet, unetParams(configs)],
    ['sd/vae', 'diffusion_pytorch_model.safetensors', json.vae, vaeModelParams(configs.vae)],
    ['sd/text_encoder', 'model.safetensors', json.text_encoder, clipTextGraph(configs.textEncoder).paramKeys()],
    ['controlnet', 'diffusion_pytorch_model.safetensors', json.controlnet, controlNetParams(configs)],
  ]
  for (const [folder, file, config, params] of parts) {
    mkdirSync(join(dir, folder), { recursive: true })
    writeJson(join(dir, folder, 'config.json'), config)
    const specs = params.map((p) => ({ name: p.key, shape: p.shape, dtype: 'F32' as const }))
    writeRandomCheckpoint(join(dir, folder, file), specs, { seed: SEED, metadata: { format: 'pt' } })
  }
  mkdirSync(join(dir, 'sd', 'scheduler'), { recursive: true })
  writeJson(join(dir, 'sd', 'scheduler', 'scheduler_config.json'), json.scheduler)
  writeJson(join(dir, 'sd', 'model_index.json'), json.model_index)
  writeJson(join(dir, MARKER), { generator: GENERATOR_VERSION, seed: SEED, note: 'untrained random weights' })
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`)
}

/** The UNet's parameters, read off the graph builder: the keys are the checkpoint keys (diffusers). */
function unetParams(configs: ModelConfigs): ParamInfo[] {
  const g = new Graph('demo_unet')
  unet2DCondition(g, configs.unet, denoiserInputs(g, configs))
  return g.paramKeys()
}

function controlNetParams(configs: ModelConfigs): ParamInfo[] {
  const g = new Graph('demo_controlnet')
  const { conditioningChannels, conditioningEmbeddingOutChannels } = configs.controlnet
  const side = 8 * 2 ** (conditioningEmbeddingOutChannels.length - 1) // the pose image of an 8×8 latent
  const image = g.input('image', 'float32', [1, conditioningChannels, side, side])
  const scale = g.input('scale', 'float32', [1])
  controlNet(g, configs.controlnet, { ...denoiserInputs(g, configs), image, scale })
  return g.paramKeys()
}

/** Smallest inputs that build the whole network: an 8×8 latent passes every down/up stage. */
function denoiserInputs(g: Graph, configs: ModelConfigs) {
  const { unet, textEncoder } = configs
  return {
    sample: g.input('sample', 'float32', [1, unet.inChannels, 8, 8]),
    timestep: g.input('timestep', 'int64', [1]),
    context: g.input('context', 'float32', [1, textEncoder.maxPositionEmbeddings, unet.crossAttentionDim]),
  }
}
