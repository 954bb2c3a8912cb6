// Jobs: named stages of keyed work items with progress, cancellation between items, and resume from the cache.
export { runJob, type RunJobOptions } from './runJob'
export {
  inputKeys,
  outputKey,
  type ItemInputs,
  type ItemIo,
  type JobCache,
  type JobDefinition,
  type JobSummary,
  type Stage,
  type WorkItem,
} from './types'
export { ProgressTracker } from './progress'
