// Entry points for the CLI and the app: render a project, re-render one frame, list stale frames, read
// the frames of the latest render. Every stage output lives in the project's cache (DESIGN §5), so a
// repeated render computes nothing and an edit recomputes only what depends on it. The frames a render
// shows are recorded in its render row (decode keys), which is how later edits make frames stale.
import type { JobProgress } from '../../../src-preload/api'
import { runJob, type WorkItem } from '../jobs'
import type { ProjectStore } from '../store'
import { resolveInputs, type Perception, type RenderSetup } from './inputs'
import { renderKeys, type RenderKeys } from './keys'
import type { DiffusionBackend, PassCounts } from './models'
import { aliasedCache, planRender, STAGE_NAMES, type StageName } from './plan'
import { parsePipelineSettings, type PipelineSettingsInput } from './settings'
import type { StageContext } from './stages'

export interface PipelineEnv {
  store: ProjectStore
  backend: DiffusionBackend
  /** Pose detection and segmentation for projects without a source pose or mask (loaded on first use). */
  perception?: () => Promise<Perception>
}

export interface RenderRequest {
  setup: RenderSetup
  /** Frames to render (with whatever earlier frames they need); default: all. */
  frames?: number[]
  settings?: PipelineSettingsInput
  signal?: AbortSignal
  onProgress?: (progress: JobProgress) => void
  jobId?: string
}

export interface RenderedFrame {
  frame: number
  width: number
  height: number
  /** RGB bytes, row-major, 3 per pixel. */
  data: Uint8Array
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
  /** Frames whose shown image no longer matches the project (see staleFrames). */
  stale: number[]
}

export interface RenderResult {
  frames: RenderedFrame[]
  summary: RenderSummary
}

/** Renders every frame (reusing whatever the cache holds). */
export async function renderProject(env: PipelineEnv, request: RenderRequest): Promise<RenderResult> {
  const c = await stageContext(env, request)
  const wanted = request.frames ?? c.inputs.poses.map((_, f) => f)
  wanted.forEach((f) => checkFrame(c, f))
  const shown = shownKeys(env.store)
  const display = c.keys.decode.map((key, f) => (wanted.includes(f) ? key : (shown[f] ?? '')))
  return execute(env, c, request, wanted, display)
}

/**
 * Re-renders frame k: stage 3 for k (if its pose or settings changed) and stage 4 for k with frame 0 and
 * the frames before k teacher-forced from the cache. Later frames keep their shown image and are stale.
 */
export async function rerenderFrame(
  env: PipelineEnv,
  request: RenderRequest & { frame: number },
): Promise<RenderResult> {
  const c = await stageContext(env, request)
  const k = checkFrame(c, request.frame)
  const shown = shownKeys(env.store)
  const display = c.keys.decode.map((key, f) => (f === k ? key : (shown[f] ?? '')))
  return execute(env, c, request, [k], display)
}

/** Frames whose shown image (latest render) differs from what the project would render now. */
export async function staleFrames(
  env: PipelineEnv,
  request: Omit<RenderRequest, 'signal' | 'onProgress'>,
): Promise<number[]> {
  const c = await stageContext(env, request)
  return staleOf(c.keys, shownKeys(env.store))
}

/** The frames of the latest finished render, as cached (missing ones are left out). */
export function latestFrames(store: ProjectStore): RenderedFrame[] {
  return shownKeys(store).flatMap((key, frame) => {
    const rgb = key ? store.cache.get(`${key}/rgb`) : undefined
    if (!rgb) return []
    const [height, width] = rgb.shape
    return [{ frame, width, height, data: rgb.data as Uint8Array }]
  })
}

export class PipelineError extends Error {
  readonly userError = true
  constructor(message: string) {
    super(message)
    this.name = 'PipelineError'
  }
}

/** The resolved inputs and cache keys a request renders with (for tools and tests; computes nothing). */
export function renderContext(env: PipelineEnv, request: Omit<RenderRequest, 'signal' | 'onProgress'>) {
  return stageContext(env, request)
}

function checkFrame(c: StageContext, k: number): number {
  if (!Number.isInteger(k) || k < 0 || k >= c.keys.decode.length) {
    throw new PipelineError(`Frame ${k} does not exist: the animation has frames 0–${c.keys.decode.length - 1}.`)
  }
  return k
}

async function stageContext(
  env: PipelineEnv,
  request: Omit<RenderRequest, 'signal' | 'onProgress'>,
): Promise<StageContext> {
  const settings = parsePipelineSettings(request.settings)
  const { width, height } = env.backend.geometry
  if ((settings.width ?? width) !== width || (settings.height ?? height) !== height) {
    throw new PipelineError(
      `The model was opened for ${width}×${height}; the settings ask for ${settings.width}×${settings.height}.`,
    )
  }
  const perception = env.perception ?? loadPerception
  const inputs = await resolveInputs(request.setup, settings, { width, height }, { store: env.store, perception })
  return { backend: env.backend, inputs, settings, keys: renderKeys(env.backend, inputs, settings) }
}

async function execute(
  env: PipelineEnv,
  c: StageContext,
  request: RenderRequest,
  wanted: number[],
  display: string[],
): Promise<RenderResult> {
  const jobId = request.jobId ?? `render-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
  const cache = aliasedCache(env.store.cache)
  const plan = planRender(c, wanted, cache, jobId)
  const { job, stats } = instrument(plan.job, env.backend)
  env.store.renders.create(jobId, { kind: wanted.length === 1 ? 'frame' : 'render', wanted, display })
  env.store.renders.setStatus(jobId, 'running')
  const before = { ...env.backend.passes }
  try {
    const result = await runJob(job, { cache, signal: request.signal, onProgress: request.onProgress })
    env.store.renders.setStatus(jobId, 'done')
    const frames = wanted.map((f) => frameOf(env.store, c.keys.decode[f], f))
    const summary: RenderSummary = {
      jobId,
      frameCount: c.keys.decode.length,
      generated: plan.generated,
      ...result,
      stages: stats,
      unetPasses: difference(env.backend.passes, before),
      stale: staleOf(c.keys, display),
    }
    return { frames, summary }
  } catch (err) {
    const cancelled = request.signal?.aborted === true
    env.store.renders.setStatus(jobId, cancelled ? 'cancelled' : 'failed', { error: (err as Error).message })
    throw err
  }
}

/** Wraps every item to time it and count its UNet passes per stage. */
function instrument(job: RenderPlanJob, backend: DiffusionBackend) {
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

type RenderPlanJob = ReturnType<typeof planRender>['job']

function difference(now: PassCounts, before: PassCounts): PassCounts {
  return { eps: now.eps - before.eps, grad: now.grad - before.grad, dca: now.dca - before.dca }
}

function frameOf(store: ProjectStore, decodeKey: string, frame: number): RenderedFrame {
  const rgb = store.cache.get(`${decodeKey}/rgb`)
  if (!rgb) throw new Error(`frame ${frame} was rendered but its image ${decodeKey} is not in the cache`)
  const [height, width] = rgb.shape
  return { frame, width, height, data: rgb.data as Uint8Array }
}

/** Decode keys of the frames the latest finished render shows (empty before the first render). */
function shownKeys(store: ProjectStore): string[] {
  const latest = store.renders
    .list()
    .filter((r) => r.status === 'done')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]
  const display = (latest?.settings as { display?: unknown } | undefined)?.display
  return Array.isArray(display) ? display.filter((k): k is string => typeof k === 'string') : []
}

function staleOf(keys: RenderKeys, shown: readonly string[]): number[] {
  return keys.decode.flatMap((key, f) => (shown[f] === key ? [] : [f]))
}

let perception: Promise<Perception> | null = null

/** Loads the pose detector and the segmenter once per process, on first need. */
function loadPerception(): Promise<Perception> {
  perception ??= openPerception()
  perception.catch(() => (perception = null))
  return perception
}

async function openPerception(): Promise<Perception> {
  const [{ PoseDetector }, { PersonSegmenter }] = await Promise.all([
    import('../pose/detect/detectPose'),
    import('../pose/detect/segmentPerson'),
  ])
  const [detector, segmenter] = await Promise.all([PoseDetector.load(), PersonSegmenter.load()])
  return {
    detectPose: async (image) => (await detector.detect(image, 'the source image')).pose,
    // The pose is known by now: the segmenter need not detect it again for its refinement seeds.
    segment: (image, pose) => segmenter.segment(image, { pose }),
  }
}
