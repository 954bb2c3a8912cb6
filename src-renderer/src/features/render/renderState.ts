// The render panel's state as a pure reducer: the frame list from the engine, the images shown (and the
// one each replaced, for before/after), and the job in progress with the stages it went through.
import type {
  FrameImage,
  FrameState,
  RenderFrameList,
  RenderJobKind,
  RenderProgress,
} from '../../../../src-preload/api'

export interface ActiveJob {
  jobId: string
  kind: RenderJobKind
  /** Frame being re-rendered (kind 'frame'). */
  frame?: number
  progress: RenderProgress | null
  /** Stage names in the order the job reached them. */
  stages: string[]
  /** Frames whose new image arrived during this job. */
  arrived: number[]
}

export interface JobOutcome {
  jobId: string
  kind: RenderJobKind
  state: 'done' | 'failed' | 'cancelled'
  message?: string
}

export interface RenderPanelState {
  list: RenderFrameList | null
  images: Record<number, FrameImage>
  /** The image each frame showed before its latest re-render (before/after comparison). */
  previous: Record<number, FrameImage>
  job: ActiveJob | null
  outcome: JobOutcome | null
  selected: number | null
}

export type RenderAction =
  | { type: 'listLoaded'; list: RenderFrameList }
  | { type: 'imageLoaded'; image: FrameImage }
  | { type: 'jobStarted'; jobId: string; kind: RenderJobKind; frame?: number }
  | { type: 'progress'; progress: RenderProgress }
  | { type: 'frameRendered'; jobId: string; image: FrameImage }
  | { type: 'select'; frame: number | null }

export const initialRenderState: RenderPanelState = {
  list: null,
  images: {},
  previous: {},
  job: null,
  outcome: null,
  selected: null,
}

export function renderReducer(state: RenderPanelState, action: RenderAction): RenderPanelState {
  switch (action.type) {
    case 'listLoaded':
      return { ...state, list: action.list, images: keepListed(state.images, action.list) }
    case 'imageLoaded':
      return withImage(state, action.image)
    case 'jobStarted': {
      // Its first events may come before the reply to start: keep what they told.
      if (state.outcome?.jobId === action.jobId) return state
      if (state.job?.jobId === action.jobId) return { ...state, job: { ...state.job, frame: action.frame } }
      const job: ActiveJob = { jobId: action.jobId, kind: action.kind, progress: null, stages: [], arrived: [] }
      return { ...state, job: action.frame === undefined ? job : { ...job, frame: action.frame }, outcome: null }
    }
    case 'progress':
      return onProgress(state, action.progress)
    case 'frameRendered': {
      const next = withImage(state, action.image)
      if (next.job?.jobId !== action.jobId) return next
      return { ...next, job: { ...next.job, arrived: [...next.job.arrived, action.image.frame] } }
    }
    case 'select':
      return { ...state, selected: action.frame }
  }
}

/** Frames a job delivered are current until the list is loaded again (no flicker back to "stale"). */
function withArrived(state: RenderPanelState, arrived: number[]): RenderFrameList | null {
  if (!state.list || arrived.length === 0) return state.list
  const frames = state.list.frames.map((f) =>
    arrived.includes(f.frame)
      ? { ...f, state: 'current' as const, imageId: state.images[f.frame]?.imageId ?? f.imageId }
      : f,
  )
  return { ...state.list, frames }
}

/** Images of frames the animation no longer has are dropped. */
function keepListed(images: Record<number, FrameImage>, list: RenderFrameList): Record<number, FrameImage> {
  const listed = new Set(list.frames.map((f) => f.frame))
  return Object.fromEntries(Object.entries(images).filter(([frame]) => listed.has(Number(frame))))
}

function withImage(state: RenderPanelState, image: FrameImage): RenderPanelState {
  const old = state.images[image.frame]
  if (old?.imageId === image.imageId) return state
  const previous = old ? { ...state.previous, [image.frame]: old } : state.previous
  return { ...state, images: { ...state.images, [image.frame]: image }, previous }
}

function onProgress(state: RenderPanelState, progress: RenderProgress): RenderPanelState {
  const job = state.job
  if (job && job.jobId !== progress.jobId) return state
  // A job this panel did not start (another window, or before a reload): follow it so it can be cancelled.
  const current = job ?? { jobId: progress.jobId, kind: progress.kind, progress: null, stages: [], arrived: [] }
  if (progress.state !== 'running') {
    const outcome = { jobId: current.jobId, kind: current.kind, state: progress.state, message: progress.message }
    return { ...state, job: null, outcome, list: withArrived(state, current.arrived) }
  }
  const stages =
    progress.stage && !current.stages.includes(progress.stage) ? [...current.stages, progress.stage] : current.stages
  return { ...state, job: { ...current, progress, stages } }
}

export interface StripFrame {
  frame: number
  state: FrameState
  image: FrameImage | null
  /** The image arrived during the running job. */
  justRendered: boolean
}

/** One entry per frame of the animation (or per image, when a job renders past the last listed frame). */
export function stripFrames(state: RenderPanelState): StripFrame[] {
  const listed = new Map((state.list?.frames ?? []).map((f) => [f.frame, f.state]))
  const known = [...listed.keys(), ...Object.keys(state.images).map(Number)]
  const count = known.length === 0 ? 0 : Math.max(...known) + 1
  return Array.from({ length: count }, (_, frame) => {
    const justRendered = state.job?.arrived.includes(frame) ?? false
    return {
      frame,
      state: justRendered ? 'current' : (listed.get(frame) ?? 'unknown'),
      image: state.images[frame] ?? null,
      justRendered,
    }
  })
}

/** Frames whose shown image is out of date, and frames never rendered ("re-render stale" does both). */
export function frameCounts(state: RenderPanelState): { stale: number; missing: number } {
  const frames = state.list?.frames ?? []
  return {
    stale: frames.filter((f) => f.state === 'stale').length,
    missing: frames.filter((f) => f.state === 'missing').length,
  }
}
