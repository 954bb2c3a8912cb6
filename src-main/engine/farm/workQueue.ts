// The narrow queue the farm needs, so another backend could replace BullMQ: the client adds items
// under their content keys and follows their state; workers take items and return a report.
import type { StageName } from '../diffusion/plan'
import { UserError } from '../errors'

/** Which pipeline work item to run: its stage and the frames (or timestep index) that rebuild it. */
export interface ItemSpec {
  stage: StageName
  /** pacm-source: [timestep index]; pacm-frames, decode: [frame]; generate: the chunk's frames. */
  index: number[]
}

/** What a queued item carries: the item, the render context blob it is built from, the model it needs. */
export interface FarmItem extends ItemSpec {
  /** The item's content key (also the queue's job id: adding it again while it exists is a no-op). */
  key: string
  /** Blob key of the render context (resolved inputs and settings). */
  context: string
  /** The model hash of the client's backend: a worker with other model files refuses the item. */
  modelHash: string
  /** Frame numbers for messages (a stage-3 item may serve several frames with the same pose). */
  label: string
}

/** What a worker returns for a finished item. */
export interface ItemReport {
  worker: string
  seconds: number
  /** False when every output was already in the store (nothing computed). */
  computed: boolean
  unetPasses: { eps: number; grad: number; dca: number }
}

export type ItemState =
  | { state: 'waiting' | 'active' }
  | { state: 'done'; report: ItemReport }
  | { state: 'failed'; reason: string; attempts: number }
  /** Not in the queue (never added, removed, or lost with a Redis restart without persistence). */
  | { state: 'missing' }

export interface WorkQueue {
  /** Adds the item with its content key as id; an item with that id already queued is left as it is. */
  add(item: FarmItem, attempts: number): Promise<void>
  state(key: string): Promise<ItemState>
  /** Drops a waiting or finished item (an active one runs to its end; its outputs are content-addressed). */
  remove(key: string): Promise<void>
  close(): Promise<void>
}

export interface WorkerOptions {
  /** Shown in reports: which worker did what. */
  name: string
  concurrency: number
  /** Seconds a worker holds an item without renewing before others take it over (a killed worker). */
  lockSeconds: number
}

/** Thrown by a handler for an item that must not be retried (wrong model, engine version). */
export class RefusedItemError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'RefusedItemError'
  }
}

export interface WorkSource {
  /** Runs `handle` on items until closed. */
  start(handle: (item: FarmItem) => Promise<ItemReport>, options: WorkerOptions): void
  /** Errors of the connection, for the worker's log. */
  onError(listener: (err: Error) => void): void
  close(): Promise<void>
}
