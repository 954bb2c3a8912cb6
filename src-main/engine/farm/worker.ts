// A farm worker process: takes items off the queue and has its engine run them. The engine runs in its
// own process (as for every CLI command), so this process stays responsive and keeps renewing the
// queue's locks on its items however long the engine computes; a killed worker's locks expire and
// another worker takes its items over.
import type { FarmItem, ItemReport, WorkerOptions, WorkSource } from './workQueue'
import { RefusedItemError } from './workQueue'

export interface FarmWorkerSetup {
  source: WorkSource
  /** Runs one item in the engine; a user error from the engine is a refusal (not retried). */
  runItem(item: FarmItem): Promise<ItemReport>
  isRefusal(err: unknown): boolean
  log(line: string): void
}

export function startFarmWorker(setup: FarmWorkerSetup, options: WorkerOptions): void {
  setup.source.start(async (item) => {
    setup.log(`start ${item.stage} ${item.label}`)
    try {
      const report = await setup.runItem(item)
      const what = report.computed ? 'computed' : 'already stored'
      setup.log(`${item.stage} ${item.label}: ${what} in ${report.seconds.toFixed(2)} s`)
      return report
    } catch (err) {
      setup.log(`${item.stage} ${item.label}: ${(err as Error).message}`)
      throw setup.isRefusal(err) ? new RefusedItemError((err as Error).message) : err
    }
  }, options)
}
