// The client side of a farm render: runs a planned job (diffusion/plan.ts) on the farm. An item is
// queued as soon as every input it reads is in the project cache (so stage 4's first chunk starts while
// later frames are still in stage 3); its inputs are uploaded to the blob store first, and its outputs
// are downloaded (verified) into the project cache when it is done, so the project ends up exactly as
// after a local render. Items already complete in the cache are not queued at all.
import type { JobProgress } from '../../../src-preload/api'
import type { StageName } from '../diffusion/plan'
import type { StageContext } from '../diffusion/stages'
import { CancelledError } from '../errors'
import { inputKeys, outputKey, ProgressTracker, type JobCache, type JobDefinition, type WorkItem } from '../jobs'
import type { BlobStore } from './blobStore'
import { FarmError } from './connection'
import { labelOf, specOf } from './renderContext'
import { tensorFromBlob, tensorToBlob } from './tensorBlob'
import { MISSING_INPUT } from './itemRunner'
import type { FarmItem, ItemReport, WorkQueue } from './workQueue'

export interface FarmRunOptions {
  queue: WorkQueue
  blobs: BlobStore
  /** The queue as shown in messages (no password). */
  queueName: string
  cache: JobCache
  /** The render context blob (renderContext.ts): uploaded first, and again if a worker misses it. */
  context: { key: string; bytes: Uint8Array }
  /** Attempts per item before the render fails naming its frames (BullMQ retries with backoff). */
  attempts: number
  pollMs?: number
  /** How long the queue may be unreachable before the render stops (default 60 s, decision 0301). */
  reconnectSeconds?: number
  signal?: AbortSignal
  onProgress?: (p: JobProgress) => void
}

/** One item the farm (or the cache) answered. */
export interface FarmItemRecord {
  stage: StageName
  label: string
  /** Worker name, or null for an item found complete in the project cache. */
  worker: string | null
  seconds: number
  computed: boolean
  unetPasses: ItemReport['unetPasses']
}

export async function runJobOnFarm(job: JobDefinition, c: StageContext, o: FarmRunOptions): Promise<FarmItemRecord[]> {
  const { queue, blobs, cache } = o
  const pollMs = o.pollMs ?? 200
  const entries = job.stages.flatMap((stage, stageIndex) =>
    stage.items.map((item) => {
      const spec = specOf(c, stage.name as StageName, item)
      return { item, stageIndex, spec, label: labelOf(c, spec) }
    }),
  )
  type Entry = (typeof entries)[number]
  const isComplete = (item: WorkItem) => item.outputs.every((out) => cache.has(outputKey(item, out)))
  const pending = entries.filter((e) => !isComplete(e.item))
  const pendingCost = pending.reduce((n, e) => n + (e.item.cost ?? 1), 0)
  const tracker = new ProgressTracker(job.id, job.stages, pendingCost)
  const doneInStage = job.stages.map(() => 0)
  const records: FarmItemRecord[] = []
  let shown: JobProgress | undefined
  const show = (p: JobProgress) => {
    shown = p
    o.onProgress?.(p)
  }
  const finish = (e: Entry, report: ItemReport | null) => {
    doneInStage[e.stageIndex]++
    tracker.itemDone(e.item.cost ?? 1, report ? report.seconds : null)
    records.push({
      stage: e.spec.stage,
      label: e.label,
      worker: report?.worker ?? null,
      seconds: report?.seconds ?? 0,
      computed: report?.computed ?? false,
      unetPasses: report?.unetPasses ?? { eps: 0, grad: 0, dca: 0 },
    })
    show(tracker.snapshot(e.stageIndex, doneInStage[e.stageIndex]))
  }
  entries.filter((e) => !pending.includes(e)).forEach((e) => finish(e, null))

  const uploaded = new Set<string>()
  const upload = async (item: WorkItem) => {
    if (!uploaded.has(o.context.key)) await blobs.put(o.context.key, o.context.bytes)
    uploaded.add(o.context.key)
    for (const key of inputKeys(item)) {
      if (uploaded.has(key)) continue
      const tensor = cache.get(key)
      if (!tensor) throw new Error(`${item.key} was queued before its input ${key} was in the project cache`)
      await blobs.put(key, tensorToBlob(tensor))
      uploaded.add(key)
    }
  }
  const farmItem = (e: Entry): FarmItem => ({
    ...e.spec,
    key: e.item.key,
    context: o.context.key,
    modelHash: c.backend.modelHash,
    label: e.label,
  })
  const inFlight = new Map<string, { entry: Entry; resubmits: number }>()
  const submit = async (e: Entry, resubmits = 0) => {
    await upload(e.item)
    await queue.add(farmItem(e), o.attempts)
    inFlight.set(e.item.key, { entry: e, resubmits })
  }
  const resubmit = async (e: Entry, resubmits: number, why: string) => {
    if (resubmits >= 3) throw new FarmError(`${e.spec.stage} for ${e.label} keeps failing: ${why}`)
    // Its inputs (and the context) are checked in the store again and uploaded if they went missing.
    for (const key of [o.context.key, ...inputKeys(e.item)]) uploaded.delete(key)
    await queue.remove(e.item.key)
    await submit(e, resubmits + 1)
  }

  const queued = new Set<Entry>()
  // Redis may restart (or fail over) mid-render: its state is only coordination (every output is in the
  // blob store under its content key), so the loop keeps polling, re-adds what vanished, and stops only
  // when the queue stays away longer than reconnectSeconds (decision 0301).
  const reconnectSeconds = o.reconnectSeconds ?? 60
  let unreachableSince: number | null = null
  while (queued.size < pending.length || inFlight.size > 0) {
    if (o.signal?.aborted) {
      await Promise.all([...inFlight.keys()].map((key) => queue.remove(key).catch(() => {})))
      throw new CancelledError(
        `Farm render ${job.id} was cancelled: waiting items were taken off the queue; finished work is kept.`,
      )
    }
    try {
      for (const e of pending) {
        if (queued.has(e) || !inputKeys(e.item).every((key) => cache.has(key))) continue
        await submit(e)
        queued.add(e)
      }
      if (inFlight.size === 0 && queued.size < pending.length) {
        throw new Error(`farm render ${job.id}: no item can start, though ${pending.length - queued.size} wait`)
      }
      for (const [key, { entry, resubmits }] of [...inFlight]) {
        const s = await queue.state(key)
        if (s.state === 'done') {
          const downloaded = await download(entry.item, blobs)
          if (!downloaded) {
            const why =
              `worker ${s.report.worker} reported it done, but its outputs are missing or damaged in ` +
              `${blobs.location} (do the workers use this --store folder?)`
            await resubmit(entry, resubmits, why)
            continue
          }
          cache.putMany(downloaded.map((d) => ({ ...d, parents: inputKeys(entry.item) })))
          inFlight.delete(key)
          finish(entry, s.report)
        } else if (s.state === 'failed') {
          if (!s.reason.startsWith(MISSING_INPUT)) {
            throw new FarmError(
              `${entry.spec.stage} for ${entry.label} failed after ${s.attempts} attempt(s): ${s.reason}`,
            )
          }
          await resubmit(entry, resubmits, s.reason)
        } else if (s.state === 'missing') {
          await submit(entry, resubmits) // lost with a Redis restart, or removed by another client
        }
      }
      if (unreachableSince !== null && shown) show({ ...shown, message: undefined })
      unreachableSince = null
    } catch (err) {
      if (err instanceof FarmError || !isConnectionError(err)) throw err
      unreachableSince ??= Date.now()
      const away = (Date.now() - unreachableSince) / 1000
      if (away > reconnectSeconds) {
        throw new FarmError(
          `Lost the farm queue at ${o.queueName} for ${Math.round(away)} s (${(err as Error).message}). ` +
            `Finished items are in the project cache: render again once Redis is back to resume.`,
        )
      }
      const message = `farm queue unreachable, reconnecting (${Math.round(away)} of ${reconnectSeconds} s)`
      show({ ...(shown ?? tracker.snapshot(0, 0)), message })
    }
    await new Promise((r) => setTimeout(r, pollMs))
  }
  show(tracker.snapshot(job.stages.length - 1, job.stages.at(-1)?.items.length ?? 0, 'done'))
  return records
}

/** The item's outputs from the store (each verified), or null when one is missing or damaged. */
async function download(item: WorkItem, blobs: BlobStore) {
  const out = []
  for (const name of item.outputs) {
    const key = outputKey(item, name)
    const bytes = await blobs.get(key)
    if (!bytes) return null
    out.push({ key, tensor: tensorFromBlob(bytes, key) })
  }
  return out
}

/** Redis/ioredis connection trouble (as opposed to a bug or a failed item). */
function isConnectionError(err: unknown): boolean {
  const text = `${(err as Error)?.name} ${(err as Error)?.message}`
  return /ECONNREFUSED|ECONNRESET|Connection is closed|MaxRetriesPerRequest|ETIMEDOUT|EPIPE|Stream isn't writeable/i.test(
    text,
  )
}
