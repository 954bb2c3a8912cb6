// Runs a job's stages in order, one work item at a time: skips items already in the cache, stores
// each computed item's outputs atomically, reports progress, and stops between items on cancel.
import type { JobProgress } from '../../../src-preload/api'
import { CancelledError } from '../host/protocol'
import type { Tensor } from '../store'
import { ProgressTracker } from './progress'
import { outputKey, type JobCache, type JobDefinition, type JobSummary, type WorkItem } from './types'

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
  const producers = new Map<string, WorkItem>()
  for (const item of job.stages.flatMap((s) => s.items)) {
    for (const output of item.outputs) producers.set(outputKey(item, output), item)
  }
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
    const result = await item.run({ read, signal })
    const missing = item.outputs.filter((o) => !(o in result))
    if (missing.length) throw new Error(`${item.key} did not produce ${missing.join(', ')}`)
    const parents = [...(item.parents ?? [])]
    cache.putMany(item.outputs.map((o) => ({ key: outputKey(item, o), tensor: result[o], parents })))
  }
  return compute
}

function assertUniqueKeys(job: JobDefinition): void {
  const seen = new Set<string>()
  for (const item of job.stages.flatMap((s) => s.items)) {
    if (seen.has(item.key)) throw new Error(`Job ${job.id} has two work items with key ${item.key}`)
    seen.add(item.key)
  }
}
