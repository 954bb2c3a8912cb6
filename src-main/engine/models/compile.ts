// Compiles a UNet + ControlNet graph variant for a user's checkpoints into an ONNX model on disk, once:
// the compiled-model cache is keyed by (weights content hash, variant id + options + configs, precision,
// BUILDER_VERSION), so a second call with the same inputs returns the cached files without building.
import { createHash } from 'node:crypto'
import type { Precision } from '../graph/precision'
import type { EmittedModel } from '../runtime/emit'
import { type CompiledModelKey, ModelCache } from '../runtime/modelCache'
import {
  buildVariant,
  CONTROLNET_PREFIX,
  MODELS_VERSION,
  type VariantConfigs,
  type VariantSpec,
  variantId,
} from './sd15/variants'
import { graphWeights } from './graphWeights'
import type { CheckpointSource } from './weights/source'

/** Where the UNet and the ControlNet come from (often two files: an SD 1.5 checkpoint and a ControlNet). */
export interface VariantSources {
  unet: CheckpointSource
  controlnet: CheckpointSource
}

export interface CompileOptions {
  /** fp32 on CPU, fp16 on CUDA (norms, softmax and reductions stay fp32). */
  precision: Precision
  /** The compiled-model cache folder (the app's data dir). */
  cacheDir: string
}

export interface CompiledVariant extends EmittedModel {
  /** true when the model came from the cache. */
  cached: boolean
  key: CompiledModelKey
}

function isSources(s: CheckpointSource | VariantSources): s is VariantSources {
  return 'unet' in s && 'controlnet' in s && !('component' in s)
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The cache key of a variant compiled from `sources`: changes with any weight, option or config. */
export function variantKey(sources: VariantSources, spec: VariantSpec, precision: Precision): CompiledModelKey {
  const configs: VariantConfigs = { unet: sources.unet.configs.unet, controlnet: sources.controlnet.configs.controlnet }
  const [u, c] = [sources.unet.contentHash, sources.controlnet.contentHash]
  return {
    weightsHash: u === c ? u : sha256(`unet=${u}\ncontrolnet=${c}\n`),
    variant: `${variantId(spec)}/models-${MODELS_VERSION}/config-${sha256(JSON.stringify(configs)).slice(0, 16)}`,
    precision,
  }
}

/**
 * Returns the session-ready model (`modelPath` + external data) for `spec`, emitting it on a cache miss.
 * Weight coverage is checked before anything is written: a wrong checkpoint fails with the missing,
 * wrong-shaped or extra keys named.
 */
export async function compileVariant(
  source: CheckpointSource | VariantSources,
  spec: VariantSpec,
  o: CompileOptions,
): Promise<CompiledVariant> {
  const sources = isSources(source) ? source : { unet: source, controlnet: source }
  const key = variantKey(sources, spec, o.precision)
  const cache = new ModelCache(o.cacheDir)
  const hit = cache.get(key)
  if (hit) return { ...hit, cached: true, key }
  const configs = { unet: sources.unet.configs.unet, controlnet: sources.controlnet.configs.controlnet }
  const graph = buildVariant(configs, spec)
  const weights = graphWeights(
    graph,
    { weights: sources.unet.component('unet'), label: sources.unet.path },
    { prefix: CONTROLNET_PREFIX, weights: sources.controlnet.component('controlnet'), label: sources.controlnet.path },
  )
  const emitted = await cache.getOrEmit(key, () => graph, weights)
  return { ...emitted, key }
}
