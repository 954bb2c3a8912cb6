// farm.render: the CLI's `render --farm`: the project's render with its work items on a BullMQ farm, into
// the project cache here (the CLI then exports with export.frames, as after render.job). The project database is opened only in this (the client's) engine.
// farm.item: one work item in a worker's engine (the `farm worker` process feeds it from the queue).
import type { JobProgress } from '../../../../src-preload/api'
import { sharedBackend } from '../../diffusion/backendPool'
import { createItemRunner } from '../../farm/itemRunner'
import type { FarmItem, ItemReport } from '../../farm/workQueue'
import { cacheDirOf, DEMO_MODEL, resolveModelFiles } from '../../project/modelFiles'
import { BullmqWorkQueue } from '../../farm/bullmqQueue'
import { parseQueueUrl } from '../../farm/connection'
import { farmRender, type FarmSummary } from '../../farm/farmRender'
import { FolderBlobStore } from '../../farm/folderStore'
import type { RenderSummary } from '../../diffusion/pipeline'
import { EngineUserError } from '../protocol'
import { method } from '../registry'
import { openRenderSession, type RenderIdentity, type RenderParams } from './render'

export interface FarmRenderParams extends RenderParams {
  /** redis:// or rediss:// URL of the queue. */
  farm: string
  /** Shared folder every worker reaches at the same path. */
  store: string
  /** Frames to render (default all). */
  frames?: number[]
  attempts?: number
  /** Seconds the queue may be unreachable before the render stops (default 60). */
  reconnectSeconds?: number
}

export interface FarmItemParams {
  item: FarmItem
  /** The worker's name, for reports and refusals. */
  worker: string
  store: string
  /** The worker's model: a checkpoint path or "demo". */
  model: string
  controlnet?: string
}

export type FarmRenderOutcome = RenderIdentity & { summary: RenderSummary; farm: FarmSummary }

/** One item runner per (store, model) in this engine process: render contexts stay parsed between items. */
const runners = new Map<string, ReturnType<typeof createItemRunner>>()

export const farmMethods = {
  /** Runs one queued farm item (the `farm worker` command calls this for every item it takes). */
  'farm.item': method<FarmItemParams, ItemReport>(async ({ item, worker, store, model, controlnet }, ctx) => {
    const id = JSON.stringify([store, model, controlnet])
    let run = runners.get(id)
    if (!run) {
      const { paths } = ctx.engine
      const files = resolveModelFiles(undefined, { model, controlnet }, cacheDirOf(paths.data))
      run = createItemRunner({
        blobs: new FolderBlobStore(store),
        backendFor: (width, height) =>
          sharedBackend(files, {
            compiledDir: paths.compiledGraphs,
            width,
            height,
            provider: ctx.engine.machine.provider().choice,
          }),
        modelName: model === DEMO_MODEL ? 'the demo model' : model,
      })
      runners.set(id, run)
    }
    return run(item, worker)
  }),

  'farm.render': method<FarmRenderParams, FarmRenderOutcome, JobProgress>(async (params, ctx) => {
    const address = parseQueueUrl(params.farm, '--farm')
    const blobs = new FolderBlobStore(params.store)
    const { path, model, controlnet, models, settings, frames, attempts, reconnectSeconds } = params
    const { session, identity } = await openRenderSession({ path, model, controlnet, models, settings }, ctx.engine)
    const queue = new BullmqWorkQueue(address)
    try {
      await queue.ready().catch((err: Error) => {
        throw new EngineUserError(`Cannot reach the farm queue at ${address.shown}: ${err.message}`)
      })
      const result = await farmRender(session, frames, {
        queue,
        blobs,
        queueName: address.shown,
        attempts,
        reconnectSeconds,
        signal: ctx.signal,
        onProgress: (p) => ctx.progress(p),
      })
      return { ...identity, summary: result.summary, farm: result.farm }
    } finally {
      await queue.close()
    }
  }),
}
