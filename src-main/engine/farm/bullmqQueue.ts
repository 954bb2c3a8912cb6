// The WorkQueue on BullMQ and Redis: job id = the item's content key (BullMQ ignores an add whose id
// exists), retries with exponential backoff, stalled-job recovery for killed workers (the lock expires
// and another worker takes the item over), UnrecoverableError for items a worker refuses.
import { hostname } from 'node:os'
import { Queue, UnrecoverableError, Worker, type ConnectionOptions } from 'bullmq'
import { QUEUE_NAME, type QueueAddress } from './connection'
import {
  RefusedItemError,
  type FarmItem,
  type ItemReport,
  type ItemState,
  type WorkerOptions,
  type WorkQueue,
  type WorkSource,
} from './workQueue'

/** Finished jobs stay a day (other clients of the same item read their report), then Redis drops them. */
const KEEP = { age: 24 * 3600, count: 100_000 }

function connection(address: QueueAddress, forWorker: boolean): ConnectionOptions {
  // Reconnect at least every 2 s (BullMQ's default backs off to 20 s), so a restarted Redis is found
  // again within seconds (decision 0301). Workers block on Redis and must wait out reconnects (BullMQ
  // requires null); a client command fails after one failed reconnect, so the client can say that the
  // queue is gone (and for how long) instead of hanging silently.
  const retryStrategy = (times: number) => Math.min(500 * times, 2000)
  return { url: address.url, maxRetriesPerRequest: forWorker ? null : 1, retryStrategy }
}

export class BullmqWorkQueue implements WorkQueue {
  private readonly queue: Queue

  constructor(address: QueueAddress) {
    this.queue = new Queue(QUEUE_NAME, { connection: connection(address, false) })
  }

  /** Resolves once Redis answers; rejects with the connection's first error (bad password, refused). */
  async ready(timeoutMs = 15_000): Promise<void> {
    let onError: (err: Error) => void = () => {}
    let timer: NodeJS.Timeout | undefined
    const failed = new Promise<never>((_, reject) => {
      onError = reject
      this.queue.on('error', onError)
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs)
    })
    try {
      await Promise.race([this.queue.waitUntilReady(), failed])
    } finally {
      this.queue.off('error', onError)
      clearTimeout(timer)
    }
  }

  async add(item: FarmItem, attempts: number): Promise<void> {
    await this.queue.add(item.stage, item, {
      jobId: item.key,
      attempts,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: KEEP,
      removeOnFail: KEEP,
    })
  }

  async state(key: string): Promise<ItemState> {
    const state = await this.queue.getJobState(key)
    if (state === 'unknown') return { state: 'missing' }
    if (state === 'completed' || state === 'failed') {
      const job = await this.queue.getJob(key)
      if (!job) return { state: 'missing' }
      if (state === 'completed') return { state: 'done', report: job.returnvalue as ItemReport }
      return { state: 'failed', reason: job.failedReason, attempts: job.attemptsMade }
    }
    return { state: state === 'active' ? 'active' : 'waiting' }
  }

  async remove(key: string): Promise<void> {
    // An active job is locked by its worker: removing it fails, and it finishes on its own.
    await this.queue.remove(key).catch(() => 0)
  }

  async close(): Promise<void> {
    await this.queue.close()
  }
}

export class BullmqWorkSource implements WorkSource {
  private worker: Worker | undefined
  private readonly listeners: ((err: Error) => void)[] = []

  constructor(private readonly address: QueueAddress) {}

  start(handle: (item: FarmItem) => Promise<ItemReport>, o: WorkerOptions): void {
    const lockDuration = o.lockSeconds * 1000
    this.worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        try {
          return await handle(job.data as FarmItem)
        } catch (err) {
          if (err instanceof RefusedItemError) throw new UnrecoverableError(err.message)
          throw err
        }
      },
      {
        connection: connection(this.address, true),
        concurrency: o.concurrency,
        name: o.name,
        lockDuration,
        // Another worker notices a dead worker's item within about one lock period.
        stalledInterval: Math.max(1000, lockDuration / 2),
      },
    )
    this.worker.on('error', (err) => this.listeners.forEach((l) => l(err)))
  }

  onError(listener: (err: Error) => void): void {
    this.listeners.push(listener)
  }

  async close(): Promise<void> {
    await this.worker?.close()
  }
}

/** "host:pid", the name reports and summaries use for a worker. */
export function defaultWorkerName(): string {
  return `${hostname()}:${process.pid}`
}
