// A job is a list of named stages; a stage is a list of keyed work items. Each item's outputs are
// cache entries `${item.key}/${output}` (or a key of their own, see `storeAs`), written together in one
// transaction, so after a crash or a cancel an item is either complete (and skipped when the job runs
// again) or absent (and recomputed).
//
// The PoseAnimate pipeline maps onto it as:
//   stage 'prepare'     1 item   (VAE latent z0, text embedding c, source pose image)
//   stage 'inversion'   1 item   (DDIM trajectory Z_0..Z_T)
//   stage 'pacm-source' T items  (φ_{s,t}, each reads the previous step's output)
//   stage 'pacm-frames' N items  (φ̃_{x_i,1..T} and mask M_{x_i} per frame: independent, the costly stage)
//   stage 'generate'    chunks   (per-step latents of frames [0, i-1, i…]) then 'decode' per frame
// Keys hash the item's inputs and its parents' keys, so any change re-runs exactly what depends on it.
import type { Tensor } from '../store'

/** The cache entries an item reads, by name: one key, or a list of keys (e.g. one per timestep). */
export type ItemInputs = Readonly<Record<string, string | readonly string[]>>

export interface ItemIo {
  /** Reads the named input (recomputing its producer if it was evicted). */
  input(name: string): Promise<Tensor>
  /** Reads every entry of a named list input, in its order. */
  inputList(name: string): Promise<Tensor[]>
  /** Aborted on cancel: long items may check it; the runner also checks between items. */
  signal: AbortSignal
}

export interface WorkItem {
  /** Unique, deterministic key of this item's inputs, e.g. `pacm-frames/<hash>`. */
  key: string
  /** Names of the tensors the item returns; stored as `${key}/${name}` unless `storeAs` names a key. */
  outputs: readonly string[]
  /** Outputs stored under a content key of their own (stage 4 stores each frame's latents so). */
  storeAs?: Readonly<Record<string, string>>
  /** Relative cost used for the overall fraction and the ETA (default 1). */
  cost?: number
  /** What the item reads, by name; the keys are recorded as the parents of its outputs. */
  inputs?: ItemInputs
  run(io: ItemIo): Promise<Record<string, Tensor>>
}

export interface Stage {
  name: string
  items: readonly WorkItem[]
}

export interface JobDefinition {
  id: string
  stages: readonly Stage[]
}

/** The cache operations a job needs (CacheRepository satisfies it). */
export interface JobCache {
  has(key: string): boolean
  get(key: string): Tensor | undefined
  putMany(entries: readonly { key: string; tensor: Tensor; parents?: string[] }[]): unknown
}

export interface JobSummary {
  /** Items computed in this run. */
  computed: number
  /** Items found complete in the cache (from an earlier, interrupted or identical run). */
  reused: number
  seconds: number
}

/** The cache key an item stores `output` under. */
export function outputKey(item: WorkItem, output: string): string {
  return item.storeAs?.[output] ?? `${item.key}/${output}`
}

/** Every cache key an item reads, in declaration order, without repeats. */
export function inputKeys(item: WorkItem): string[] {
  return [...new Set(Object.values(item.inputs ?? {}).flat())]
}
