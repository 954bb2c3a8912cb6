// Compiles one checkpoint component's graph into the on-disk model cache and opens a session for it.
// The cache key is (checkpoint content hash, variant, precision, builder version): the same checkpoint
// and options never emit twice, across runs too. CLIP and the VAE always run in fp32 (the fp16 VAE
// overflows, sd15-facts §4.3; CLIP runs once per prompt, so fp16 would save nothing that matters).
import { createHash } from 'node:crypto'
import type { ParamInfo } from '../graph/core'
import type { Graph } from '../graph/graph'
import type { EmittedModel } from '../runtime/emit'
import type { ModelCache } from '../runtime/modelCache'
import type { Runtime } from '../runtime/runtime'
import type { Session } from '../runtime/session'
import { graphWeights } from './graphWeights'
import type { Component } from './weights/component'
import type { CheckpointSource } from './weights/source'

export interface ComponentRuntime {
  runtime: Runtime
  cache: ModelCache
}

export interface ComponentGraph {
  component: Component
  /** Names the graph and its options in the cache key, e.g. 'text_encoder/skip0'. */
  variant: string
  build: () => Graph
  /** The whole model's parameters when the graph uses only part of them (see graphWeights). */
  model?: readonly ParamInfo[]
}

export interface ComponentSession {
  session: Session
  /** true when the compiled model came from the on-disk cache (nothing was emitted). */
  cached: boolean
}

/** Checks the weights against the graph and emits it into the cache unless it is already there. */
export async function compileComponent(
  source: CheckpointSource,
  spec: ComponentGraph,
  cache: ModelCache,
): Promise<EmittedModel & { cached: boolean }> {
  const graph = spec.build()
  const weights = graphWeights(graph, {
    weights: source.component(spec.component),
    label: source.path,
    model: spec.model,
  })
  const key = { weightsHash: source.contentHash, variant: spec.variant, precision: 'fp32' as const }
  return cache.getOrEmit(key, () => graph, weights)
}

/** compileComponent, then a session for it (reused by the runtime for the same model). */
export async function componentSession(
  source: CheckpointSource,
  spec: ComponentGraph,
  rt: ComponentRuntime,
): Promise<ComponentSession> {
  const emitted = await compileComponent(source, spec, rt.cache)
  return { session: await rt.runtime.session(emitted), cached: emitted.cached }
}

/** A short, stable tag of a config for cache keys (two configs never share a compiled graph). */
export function configTag(config: object): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 12)
}
