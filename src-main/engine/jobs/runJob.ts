// Runs a job's stages in order, one work item at a time: skips items already in the cache, stores
// each computed item's outputs atomically, reports progress, and stops between items on cancel.
import type { JobProgress } from '../../../src-preload/api'
import { CancelledError } from '../errors'
import type { Tensor } from '../store'
import { ProgressTracker } from './progress'
import {
  inputKeys,
  outputKey,
  type ItemIo,
  type JobCache,
  type JobDefinition,
  type JobSummary,
  type WorkItem,
} from './types'

export interface RunJobOptions {
  cache: JobCache
  signal?: AbortSignal
  onProgress?: (progress: JobProgress) => void
  now?: () => number
}

export async function runJob(job: JobDefinition, options: RunJobOptions): Promise<JobSummary> {
  const { cache, onProgress = () => {}, now = () => performance.now() } = options
  const signal = options.signal ?? new AbortController().signal
  assertUniqueKeys(job)
  const isComplete = (item: WorkItem) => item.outputs.every((o) => cache.has(outputKey(item, o)))
  assertInputsAvailable(job, cache, isComplete)
  const pendingCost = job.stages.flatMap((s) => s.items).reduce((n, i) => n + (isComplete(i) ? 0 : (i.cost ?? 1)), 0)
  const tracker = new ProgressTracker(job.id, job.stages, pendingCost)
  const compute = itemComputer(job, cache, signal)
  const started = now()
  let computed = 0
  let reused = 0

  for (const [stageIndex, stage] of job.stages.entries()) {
    onProgress(tracker.snapshot(stageIndex, 0))
    for (const [index, item] of stage.items.entries()) {
      if (signal.aborted) {
        onProgress(tracker.snapshot(stageIndex, index, 'cancelled'))
        throw new CancelledError(`Job ${job.id} was cancelled during ${stage.name}; finished work is kept.`)
      }
      if (isComplete(item)) {
        reused++
        tracker.itemDone(item.cost ?? 1, null)
      } else {
        const t0 = now()
        await compute(item)
        computed++
        tracker.itemDone(item.cost ?? 1, (now() - t0) / 1000)
      }
      onProgress(tracker.snapshot(stageIndex, index + 1))
    }
  }
  onProgress(tracker.snapshot(job.stages.length - 1, job.stages.at(-1)?.items.length ?? 0, 'done'))
  return { computed, reused, seconds: (now() - started) / 1000 }
}

/** Computes an item and stores its outputs; reads of evicted entries recompute their producer. */
function itemComputer(job: JobDefinition, cache: JobCache, signal: AbortSignal) {
  const producers = producersOf(job)
  const compute = async (item: WorkItem, depth = 0): Promise<void> => {
    const read = async (key: string): Promise<Tensor> => {
      const hit = cache.get(key)
      if (hit) return hit
      const producer = producers.get(key)
      if (!producer || depth > producers.size) throw new Error(`${item.key} needs cache entry ${key}, which is missing`)
      await compute(producer, depth + 1)
      const again = cache.get(key)
      if (!again) throw new Error(`cache entry ${key} was evicted right after being computed; raise the cache limit`)
      return again
    }
    const result = await item.run(itemIo(item, read, signal))
    const missing = item.outputs.filter((o) => !(o in result))
    if (missing.length) throw new Error(`${item.key} did not produce ${missing.join(', ')}`)
    const parents = inputKeys(item)
    cache.putMany(item.outputs.map((o) => ({ key: outputKey(item, o), tensor: result[o], parents })))
  }
  return compute
}

/** Reads by the names the item declares; each key is read once per run, however often it is named. */
function itemIo(item: WorkItem, read: (key: string) => Promise<Tensor>, signal: AbortSignal): ItemIo {
  const reads = new Map<string, Promise<Tensor>>()
  const once = (key: string) => {
    let tensor = reads.get(key)
    if (!tensor) reads.set(key, (tensor = read(key)))
    return tensor
  }
  const declared = (name: string) => {
    const keys = item.inputs?.[name]
    if (keys === undefined) throw new Error(`${item.key} reads input '${name}', which it does not declare`)
    return keys
  }
  return {
    input: (name) => {
      const key = declared(name)
      if (typeof key !== 'string') throw new Error(`${item.key} reads list input '${name}' as one entry`)
      return once(key)
    },
    inputList: (name) => {
      const keys = declared(name)
      if (typeof keys === 'string') throw new Error(`${item.key} reads input '${name}' as a list`)
      return Promise.all(keys.map(once))
    },
    signal,
  }
}

function producersOf(job: JobDefinition): Map<string, WorkItem> {
  const producers = new Map<string, WorkItem>()
  for (const item of job.stages.flatMap((s) => s.items)) {
    for (const output of item.outputs) producers.set(outputKey(item, output), item)
  }
  return producers
}

/** A job that would stop halfway for want of an input fails before it starts. */
function assertInputsAvailable(job: JobDefinition, cache: JobCache, isComplete: (item: WorkItem) => boolean): void {
  const producers = producersOf(job)
  for (const item of job.stages.flatMap((s) => s.items)) {
    if (isComplete(item)) continue
    for (const [name, keys] of Object.entries(item.inputs ?? {})) {
      const absent = [keys].flat().find((key) => !producers.has(key) && !cache.has(key))
      if (absent) {
        throw new Error(`${item.key} reads '${name}' (${absent}), which is neither cached nor made by job ${job.id}`)
      }
    }
  }
}

function assertUniqueKeys(job: JobDefinition): void {
  const seen = new Set<string>()
  for (const item of job.stages.flatMap((s) => s.items)) {
    if (seen.has(item.key)) throw new Error(`Job ${job.id} has two work items with key ${item.key}`)
    seen.add(item.key)
  }
}
