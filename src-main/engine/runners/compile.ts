// The one compile path: a GraphSpec (what to build, at which precision, from which checkpoint parts) →
// a session-ready model in the on-disk cache. The cache key is `compiledKey`: the weights' content
// hashes, the digest of the emitted graph and the precision. A change to any builder or to lowering
// changes the digest, so a stale compiled model is never reused and no version needs bumping by hand.
import { createHash } from 'node:crypto'
import type { ParamInfo } from '../graph/core'
import type { Graph } from '../graph/graph'
import type { Precision } from '../graph/precision'
import type { Component } from '../models/weights/component'
import type { CheckpointSource } from '../models/weights/source'
import type { EmittedModel } from '../runtime/emit'
import type { CompiledModelKey, ModelCache } from '../runtime/modelCache'
import type { Runtime } from '../runtime/runtime'
import { graphDigest } from './digest'
import { graphWeights, type WeightPart } from './graphWeights'

/** One model inside a graph: its parameters come from `component` of `source`, under `prefix`. */
export interface SourcePart {
  source: CheckpointSource
  component: Component
  /** Key prefix of this part's parameters in the graph (default '': the root model). */
  prefix?: string
  /** The whole model's parameters when the graph uses only part of them (see graphWeights). */
  model?: readonly ParamInfo[]
}

export interface GraphSpec {
  /** Names the graph in messages and the cache, e.g. 'unetControlGrad@8x8t77' or 'vae/decode@64x64'. */
  name: string
  /** Everything `build` depends on (configs, sizes, options): the digest is computed once per value. */
  shapedBy: unknown
  precision: Precision
  build: () => Graph
  parts: SourcePart[]
}

/** What compiles and runs a component's graphs. */
export interface ComponentRuntime {
  runtime: Runtime
  cache: ModelCache
}

export interface CompiledGraph extends EmittedModel {
  /** true when the model came from the cache (nothing was built or emitted). */
  cached: boolean
  key: CompiledModelKey
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** The cache key of `spec`: changes with any weight file, with the emitted graph and with the precision. */
export async function compiledKey(spec: GraphSpec): Promise<CompiledModelKey> {
  const hashes = [...new Set(spec.parts.map((p) => p.source.contentHash))]
  return {
    weightsHash: hashes.length === 1 ? hashes[0] : sha256(hashes.join('\n')),
    variant: `${spec.name}/${await graphDigest(spec)}`,
    precision: spec.precision,
  }
}

/**
 * Returns the session-ready model (`modelPath` + external data) for `spec`, building and emitting it on a
 * cache miss. Each part's component is looked up first, so a checkpoint without it fails the same way
 * whether or not the model is cached; weight coverage is checked before anything is written.
 */
export async function compileGraph(spec: GraphSpec, cache: ModelCache): Promise<CompiledGraph> {
  const parts: WeightPart[] = spec.parts.map((p) => ({
    prefix: p.prefix,
    weights: p.source.component(p.component),
    label: p.source.path,
    model: p.model,
  }))
  let graph: Graph | undefined
  const build = () => (graph ??= spec.build()) // digested and emitted from one build on a first miss
  const key = await compiledKey({ ...spec, build })
  const hit = cache.get(key)
  if (hit) return { ...hit, cached: true, key }
  const weights = graphWeights(build(), ...parts)
  return { ...(await cache.getOrEmit(key, build, weights)), key }
}
