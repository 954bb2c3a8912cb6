// A render whose work items run on the farm: the same plan, render row and summary as a local render
// (diffusion/runRender.ts), plus which worker did what. The project database stays here: workers only
// see blobs, and every output comes back into this project's cache.
import type { JobProgress } from '../../../src-preload/api'
import { planRender, STAGE_NAMES, type StageName } from '../diffusion/plan'
import { cachedReconstructionError } from '../diffusion/frameZero'
import { methodWarnings, type RenderResult, type RenderSummary, type StageSummary } from '../diffusion/runRender'
import type { RenderSession } from '../diffusion/session'
import { cachedFrame, shownKeys, staleOf } from '../diffusion/shownFrames'
import type { BlobStore } from './blobStore'
import { runJobOnFarm, type FarmItemRecord } from './dispatch'
import { contextBlob } from './renderContext'
import type { WorkQueue } from './workQueue'

export interface FarmOptions {
  queue: WorkQueue
  blobs: BlobStore
  /** The queue URL without its password, for messages. */
  queueName: string
  /** Attempts per item (default 3). */
  attempts?: number
  /** How long Redis may be unreachable before the render stops (default 60 s, decision 0301). */
  reconnectSeconds?: number
  signal?: AbortSignal
  onProgress?: (p: JobProgress) => void
}

export interface FarmSummary {
  queue: string
  store: string
  /** Per worker: items computed (or found already stored) and their seconds. */
  workers: Record<
    string,
    { items: number; computed: number; seconds: number; stages: Partial<Record<StageName, number>> }
  >
  /** Every item the farm answered, in the order they finished. */
  items: FarmItemRecord[]
  /** Blobs found damaged in the store and recomputed or re-uploaded. */
  damagedBlobs: number
}

export interface FarmRenderResult extends RenderResult {
  farm: FarmSummary
}

/** Renders `frames` (default all) of the session's project on the farm, reusing the project cache. */
export async function farmRender(
  session: RenderSession,
  frames: readonly number[] | undefined,
  o: FarmOptions,
): Promise<FarmRenderResult> {
  const { store, context: c } = session
  const wanted = frames ?? c.keys.decode.map((_, f) => f)
  wanted.forEach((f) => session.checkFrame(f))
  const shown = shownKeys(store)
  const display = c.keys.decode.map((key, f) => (wanted.includes(f) ? key : (shown[f] ?? '')))
  const jobId = `farm-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  const plan = planRender(c, wanted, store.cache, jobId)
  const context = contextBlob(c)
  store.renders.create(jobId, { kind: wanted.length === 1 ? 'frame' : 'render', wanted, display })
  store.renders.setStatus(jobId, 'running')
  const t0 = performance.now()
  try {
    const records = await runJobOnFarm(plan.job, c, {
      queue: o.queue,
      blobs: o.blobs,
      queueName: o.queueName,
      cache: store.cache,
      context,
      attempts: o.attempts ?? 3,
      reconnectSeconds: o.reconnectSeconds,
      signal: o.signal,
      onProgress: o.onProgress,
    })
    store.renders.setStatus(jobId, 'done')
    const rendered = wanted.map((f) => {
      const image = cachedFrame(store, c.keys.decode[f], f)
      if (!image) throw new Error(`frame ${f} was rendered but its image ${c.keys.decode[f]} is not in the cache`)
      return image
    })
    const stages = stageSummaries(records)
    const sum = (k: 'eps' | 'grad' | 'dca') => records.reduce((n, r) => n + r.unetPasses[k], 0)
    const summary: RenderSummary = {
      jobId,
      frameCount: c.keys.decode.length,
      generated: plan.generated,
      computed: records.filter((r) => r.worker !== null).length,
      reused: records.filter((r) => r.worker === null).length,
      seconds: (performance.now() - t0) / 1000,
      stages,
      unetPasses: { eps: sum('eps'), grad: sum('grad'), dca: sum('dca') },
      stale: staleOf(c.keys, display),
      warnings: [...(c.backend.warnings ?? []), ...methodWarnings(c)],
      // Damaged data here is the store's: blobs that failed their checksum and were recomputed.
      damagedEntries: o.blobs.damaged,
      // The models ran in the workers' engines, each on its own providers; the client ran none.
      providers: { models: {}, fallbacks: [] },
      reconstruction: cachedReconstructionError(store.cache, c.keys),
    }
    const farm = { queue: o.queueName, store: o.blobs.location, workers: workersOf(records), items: records }
    return { frames: rendered, summary, farm: { ...farm, damagedBlobs: o.blobs.damaged } }
  } catch (err) {
    const cancelled = o.signal?.aborted === true
    store.renders.setStatus(jobId, cancelled ? 'cancelled' : 'failed', { error: (err as Error).message })
    throw err
  }
}

function stageSummaries(records: FarmItemRecord[]): Record<StageName, StageSummary> {
  const empty = (): StageSummary => ({ seconds: 0, computed: 0, reused: 0, unetPasses: { eps: 0, grad: 0, dca: 0 } })
  const stages = Object.fromEntries(STAGE_NAMES.map((name) => [name, empty()])) as Record<StageName, StageSummary>
  for (const r of records) {
    const s = stages[r.stage]
    if (r.worker === null) s.reused++
    else s.computed++
    s.seconds += r.seconds
    for (const k of ['eps', 'grad', 'dca'] as const) s.unetPasses[k] += r.unetPasses[k]
  }
  return stages
}

function workersOf(records: FarmItemRecord[]): FarmSummary['workers'] {
  const workers: FarmSummary['workers'] = {}
  for (const r of records) {
    if (r.worker === null) continue
    const w = (workers[r.worker] ??= { items: 0, computed: 0, seconds: 0, stages: {} })
    w.items++
    if (r.computed) w.computed++
    w.seconds += r.seconds
    w.stages[r.stage] = (w.stages[r.stage] ?? 0) + 1
  }
  return workers
}
