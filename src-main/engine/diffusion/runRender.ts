// Runs one render as a job: plans the work items for the wanted frames, records the render row (its
// display keys are what later staleness is measured against), and sums time and UNet passes per stage.
import type { JobProgress } from '../../../src-preload/api'
import { runJob, type WorkItem } from '../jobs'
import type { ProjectStore } from '../store'
import { cachedReconstructionError, type ReconstructionError } from './frameZero'
import { masksUsed } from './keys'
import type { PassCounts, ProviderReport } from './models'
import { planRender, STAGE_NAMES, type StageName } from './plan'
import { renderPreflight } from './renderPreflight'
import { cachedFrame, staleOf, type RenderedFrame } from './shownFrames'
import type { StageContext } from './stages'

export interface RunOptions {
  signal?: AbortSignal
  onProgress?: (progress: JobProgress) => void
  /** Id of the job and its render row; default: a fresh one. */
  jobId?: string
}

export interface StageSummary {
  seconds: number
  computed: number
  reused: number
  unetPasses: PassCounts
}

export interface RenderSummary {
  jobId: string
  /** Frames in the animation (frame 0 = the source included). */
  frameCount: number
  /** Frames whose latents this run generated. */
  generated: number[]
  computed: number
  reused: number
  seconds: number
  stages: Record<StageName, StageSummary>
  unetPasses: PassCounts
  /** Frames whose shown image no longer matches the project (see RenderSession.staleFrames). */
  stale: number[]
  /** Non-fatal findings for the user, e.g. a ControlNet whose file name says canny. */
  warnings: string[]
  /** Cache entries whose bytes no longer matched their checksum: dropped and recomputed by this render. */
  damagedEntries: number
  /** Which execution provider ran each model, and every fallback between providers (never silent). */
  providers: ProviderReport
  /** Frame 0 shows the source; this is how far the pipeline's own reconstruction of it is from the source. */
  reconstruction: ReconstructionError | null
}

export interface RenderResult {
  frames: RenderedFrame[]
  summary: RenderSummary
}

/** Renders `wanted`; `display` is the decode key every frame shows once the render is done. */
export async function runRender(
  store: ProjectStore,
  c: StageContext,
  wanted: readonly number[],
  display: readonly string[],
  run: RunOptions = {},
): Promise<RenderResult> {
  const jobId = run.jobId ?? `render-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  const damaged: string[] = [] // planning reads the cache too: listen from here
  const stopListening = store.cache.onDamaged((key) => damaged.push(key))
  try {
    return await renderPlanned(store, c, { wanted, display, jobId, damaged }, run)
  } finally {
    stopListening()
  }
}

async function renderPlanned(
  store: ProjectStore,
  c: StageContext,
  r: { wanted: readonly number[]; display: readonly string[]; jobId: string; damaged: readonly string[] },
  run: RunOptions,
): Promise<RenderResult> {
  const { wanted, display, jobId } = r
  const plan = planRender(c, wanted, store.cache, jobId)
  const preflightWarnings = await renderPreflight(store, c, plan)
  const { job, stats } = instrument(plan.job, c)
  store.renders.create(jobId, {
    kind: wanted.length === 1 ? 'frame' : 'render',
    wanted,
    display,
    frameStride: c.settings.frameStride, // a draft's frames play at fps / stride (shownFrameStride)
  })
  store.renders.setStatus(jobId, 'running')
  const before = { ...c.backend.passes }
  try {
    const result = await runJob(job, { cache: store.cache, signal: run.signal, onProgress: run.onProgress })
    store.renders.setStatus(jobId, 'done')
    const frames = wanted.map((f) => {
      const image = cachedFrame(store, c.keys.decode[f], f)
      if (!image) throw new Error(`frame ${f} was rendered but its image ${c.keys.decode[f]} is not in the cache`)
      return image
    })
    const summary: RenderSummary = {
      jobId,
      frameCount: c.keys.decode.length,
      generated: plan.generated,
      ...result,
      stages: stats,
      unetPasses: difference(c.backend.passes, before),
      stale: staleOf(c.keys, display),
      warnings: [...(c.backend.warnings ?? []), ...preflightWarnings, ...methodWarnings(c)],
      damagedEntries: r.damaged.length,
      providers: (await c.backend.providerReport?.()) ?? { models: {}, fallbacks: [] },
      reconstruction: cachedReconstructionError(store.cache, c.keys),
    }
    return { frames, summary }
  } catch (err) {
    const cancelled = run.signal?.aborted === true
    store.renders.setStatus(jobId, cancelled ? 'cancelled' : 'failed', { error: (err as Error).message })
    throw err
  }
}

/** Wraps every item to time it and count its UNet passes per stage. */
function instrument(job: ReturnType<typeof planRender>['job'], c: StageContext) {
  const { backend } = c
  const stats = Object.fromEntries(
    STAGE_NAMES.map((name) => [name, { seconds: 0, computed: 0, reused: 0, unetPasses: { eps: 0, grad: 0, dca: 0 } }]),
  ) as Record<StageName, StageSummary>
  const stages = job.stages.map((stage) => {
    const s = stats[stage.name as StageName]
    s.reused = stage.items.length
    const items = stage.items.map((item): WorkItem => ({
      ...item,
      run: async (io) => {
        const [t0, before] = [performance.now(), { ...backend.passes }]
        const out = await item.run(io)
        s.seconds += (performance.now() - t0) / 1000
        s.computed += 1
        s.reused = Math.max(0, s.reused - 1)
        const used = difference(backend.passes, before)
        for (const k of ['eps', 'grad', 'dca'] as const) s.unetPasses[k] += used[k]
        return out
      },
    }))
    return { ...stage, items }
  })
  return { job: { ...job, stages }, stats }
}

/** Findings about the render's own setup the user can fix. */
export function methodWarnings(c: StageContext): string[] {
  if (!masksUsed(c.settings) || c.inputs.characterWords.length > 0) return []
  return [
    'No character words are set: the frame masks (MGDM) treat the whole prompt as the character. ' +
      'Name the words that describe the character (e.g. "red robot") to get masks of the character alone.',
  ]
}

function difference(now: PassCounts, before: PassCounts): PassCounts {
  return { eps: now.eps - before.eps, grad: now.grad - before.grad, dca: now.dca - before.dca }
}
