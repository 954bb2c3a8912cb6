// The contract's types for the render panel and the export dialog (re-exported by api.ts, which lists
// the verbs and events). Pure types: no runtime dependencies. Images travel as PNG data: URLs so the
// Electron IPC and the JSON test bridge carry them alike.
import type { JobProgress, JobRef, ProjectRef } from './domain'
import type { RenderSettings } from './document/renderSettings'
// The settings the studio edits, inferred from the pipeline's field schemas (document/, decision 0280):
// RenderSettings (paper §4.1 defaults; no seed, the pipeline is deterministic) and its RenderModules.
export type { RenderModules, RenderSettings } from './document/renderSettings'

export interface RenderApi {
  /** Renders the project; progress and each finished frame arrive as events. */
  start(req: RenderRequest): Promise<RenderStarted>
  cancel(req: JobRef): Promise<void>
  /** Re-renders frame k only; later frames that depend on it become stale. */
  rerenderFrame(req: FrameRef): Promise<RenderStarted>
  /** Re-renders every stale or missing frame. */
  rerenderStale(req: ProjectRef): Promise<RenderStarted>
  /** Every frame of the animation: current, stale (the project changed since) or not rendered yet. */
  frames(req: ProjectRef): Promise<RenderFrameList>
  /** One frame of the latest render, as a PNG. */
  frameImage(req: FrameRef): Promise<FrameImage>
  /** The project's render settings, defaults filled in. */
  settings(req: ProjectRef): Promise<RenderSettings>
  saveSettings(req: SaveRenderSettingsRequest): Promise<RenderSettings>
}

export interface ExportApi {
  /** Asks where to save (a save dialog in main); null when the user cancels. */
  chooseTarget(req: ChooseExportTargetRequest): Promise<ExportTarget | null>
  /** Writes the latest render's frames to a chosen target; progress arrives as 'export.progress'. */
  start(req: ExportRequest): Promise<JobRef>
  cancel(req: JobRef): Promise<void>
  /** Shows the exported file in the system's file manager; returns where it is. */
  reveal(req: ExportTargetRef): Promise<RevealedFile>
}

// ── render ──────────────────────────────────────────────────────────────────────────────────────────

export interface RenderRequest extends ProjectRef {
  /** Frames to render; omitted = all. */
  frames?: number[]
}

export type RenderStarted = JobRef

/** What a render job does: the whole animation (or listed frames), one frame, or the stale frames. */
export type RenderJobKind = 'render' | 'frame' | 'stale'

export interface RenderProgress extends JobProgress {
  projectId: string
  kind: RenderJobKind
}

export interface FrameRef extends ProjectRef {
  frame: number
}

/** current: shows what the project renders now; stale: rendered before an edit; missing: never rendered;
 *  unknown: the project cannot be checked right now (RenderFrameList.problem says why). */
export type FrameState = 'current' | 'stale' | 'missing' | 'unknown'

export interface RenderFrameInfo {
  frame: number
  state: FrameState
  /** Identifies the shown image's content (changes when it is re-rendered); null = no image yet. */
  imageId: string | null
}

export interface RenderFrameList {
  /** Frame 0 is the source image; the frames after it follow the target motion. */
  frames: RenderFrameInfo[]
  /** Why the project cannot be rendered or checked yet, in words for the user (null = it can): checks[0]. */
  problem: string | null
  /** The render preflight: every known reason a render would fail, each with where it is fixed. */
  checks: RenderCheck[]
  /** Poses per shown frame (2 after a draft): the player plays them at fps / frameStride. Absent = 1. */
  frameStride?: number
}

/** The studio tab where a preflight problem is fixed (null: no tab fixes it). */
export type RenderCheckFix = 'source' | 'animate' | 'models' | null

export interface RenderCheck {
  message: string
  fix: RenderCheckFix
}

export interface FrameImage {
  frame: number
  width: number
  height: number
  imageId: string
  /** data:image/png;base64,… */
  dataUrl: string
}

export interface RenderedFrameEvent {
  jobId: string
  projectId: string
  image: FrameImage
}

export interface SaveRenderSettingsRequest extends ProjectRef {
  settings: RenderSettings
}

// ── export ──────────────────────────────────────────────────────────────────────────────────────────

export type ExportFormat = 'mp4' | 'webm' | 'gif' | 'png'

export interface ChooseExportTargetRequest extends ProjectRef {
  format: ExportFormat
}

/** A place the user chose to export to. Main keeps the path; later calls name the target by id. */
export interface ExportTarget {
  targetId: string
  format: ExportFormat
  /** Where it will be written (a file, or a folder for a PNG sequence), as the dialog returned it. */
  path: string
}

export interface ExportTargetRef {
  targetId: string
}

export interface ExportRequest extends ProjectRef, ExportTargetRef {
  fps: number
  /** Output size; one side alone keeps the aspect ratio; neither = the rendered size. */
  width?: number
  height?: number
}

export interface ExportedFile {
  path: string
  format: ExportFormat
  frames: number
  width: number
  height: number
  fps: number
  bytes: number
}

export interface ExportProgress extends JobRef {
  projectId: string
  targetId: string
  framesDone: number
  framesTotal: number
  /** 0..1 */
  fraction: number
  state: 'running' | 'done' | 'cancelled' | 'failed'
  /** Why the export failed or stopped, written for the user. */
  message?: string
  /** What was written, once done. */
  file?: ExportedFile
}

export interface RevealedFile {
  path: string
}
