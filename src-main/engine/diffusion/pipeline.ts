// Entry points for the CLI and the app: render a project, re-render one frame, list stale frames, read
// the frames of the latest render. Every stage output lives in the project's cache (DESIGN §5), so a
// repeated render computes nothing and an edit recomputes only what depends on it. The frames a render
// shows are recorded in its render row (decode keys), which is how later edits make frames stale.
// A job opens one RenderSession (session.ts) and calls it as often as it needs; the functions below
// open one per call, for callers that make a single call.
import type { RenderSetup } from './inputs'
import type { RenderResult, RunOptions } from './runRender'
import { RenderSession, type PipelineEnv } from './session'
import type { PipelineSettingsInput } from './settings'
import type { StageContext } from './stages'

export { RenderSession, PipelineError, type FrameStatus, type PipelineEnv } from './session'
export type { RenderResult, RenderSummary, RunOptions, StageSummary } from './runRender'
export { cachedFrame, latestFrames, shownFrameStride, shownKeys, type RenderedFrame } from './shownFrames'

export interface RenderRequest extends RunOptions {
  setup: RenderSetup
  /** Frames to render (with whatever earlier frames they need); default: all. */
  frames?: number[]
  settings?: PipelineSettingsInput
}

type SessionRequest = Omit<RenderRequest, 'signal' | 'onProgress'>

const open = (env: PipelineEnv, request: SessionRequest) => RenderSession.open(env, request.setup, request.settings)

/** Renders every frame, or `request.frames` (reusing whatever the cache holds). */
export async function renderProject(env: PipelineEnv, request: RenderRequest): Promise<RenderResult> {
  return (await open(env, request)).render(request.frames, request)
}

/** Re-renders frame `request.frame` (see RenderSession.rerender). */
export async function rerenderFrame(
  env: PipelineEnv,
  request: RenderRequest & { frame: number },
): Promise<RenderResult> {
  return (await open(env, request)).rerender(request.frame, request)
}

/** Frames whose shown image (latest render) differs from what the project would render now. */
export async function staleFrames(env: PipelineEnv, request: SessionRequest): Promise<number[]> {
  return (await open(env, request)).staleFrames()
}

/** The resolved inputs and cache keys a request renders with (for tools and tests; computes nothing). */
export async function renderContext(env: PipelineEnv, request: SessionRequest): Promise<StageContext> {
  return (await open(env, request)).context
}
