// Progress and ETA of a running job. The ETA extrapolates the measured seconds per unit of cost over
// the items computed so far (cache hits cost nothing and are excluded from the rate).
import type { JobProgress } from '../../../src-preload/api'
import type { Stage } from './types'

export class ProgressTracker {
  private readonly totalCost: number
  private doneCost = 0
  private measuredCost = 0
  private measuredSeconds = 0
  private remainingToCompute: number

  constructor(
    private readonly jobId: string,
    private readonly stages: readonly Stage[],
    costToCompute: number,
  ) {
    this.totalCost = stages.reduce((sum, s) => sum + s.items.reduce((n, item) => n + (item.cost ?? 1), 0), 0)
    this.remainingToCompute = costToCompute
  }

  /** Records one finished item; `seconds` is null for an item reused from the cache. */
  itemDone(cost: number, seconds: number | null): void {
    this.doneCost += cost
    if (seconds === null) return
    this.measuredCost += cost
    this.measuredSeconds += seconds
    this.remainingToCompute -= cost
  }

  snapshot(stageIndex: number, itemsDone: number, state: JobProgress['state'] = 'running'): JobProgress {
    const stage = this.stages[stageIndex]
    const itemsTotal = stage?.items.length ?? 0
    const rate = this.measuredCost > 0 ? this.measuredSeconds / this.measuredCost : null
    return {
      jobId: this.jobId,
      stage: stage?.name ?? '',
      stageIndex,
      stageCount: this.stages.length,
      stageFraction: itemsTotal === 0 ? 1 : itemsDone / itemsTotal,
      fraction: this.totalCost === 0 ? 1 : this.doneCost / this.totalCost,
      itemsDone,
      itemsTotal,
      etaSeconds: state === 'done' ? 0 : rate === null ? null : rate * Math.max(0, this.remainingToCompute),
      state,
    }
  }
}
