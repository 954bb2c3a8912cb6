// THE contract between the renderer and the main process: the verbs, events and their types. Pure types
// (and the channel table), no runtime dependencies. Domain types live in domain.ts and are re-exported here.
import type { Keyframe, ProjectRef } from './domain'
export * from './domain'

// Source image, rig animation, models and PATA preview types live in their own file.
import type { AnimationApi, ModelsApi, PataApi, SourceApi } from './sourceContract'
export type * from './sourceContract'

// Render panel and export dialog types live in their own file.
import type { ExportApi, ExportProgress, RenderApi, RenderedFrameEvent, RenderProgress } from './renderContract'
export type * from './renderContract'

// ---------------------------------------------------------------------------------------------
// The renderer-facing API. Every method takes at most one plain-data argument (validated in main)
// and returns a Promise. The channel names below are also the engine's method names: main forwards
// every channel to the engine method of the same name, except MAIN_CHANNELS (dialogs, job bookkeeping).
// Add a verb: its line here (and in STUDIO_CHANNELS), its zod schema (src-main/ipc/*chemas.ts), one
// engine method of that name (src-main/engine/host/handlers/) and one test; the compiler checks the rest
// (docs/decisions/0290-one-verb-table.md).
// ---------------------------------------------------------------------------------------------

export interface StudioApi {
  app: {
    info(): Promise<AppInfo>
    /** This machine's execution provider for renders (models panel); applies from the next render. */
    setProvider(req: { provider: ProviderChoiceName }): Promise<ProviderSetting>
  }
  source: SourceApi
  animation: AnimationApi
  models: ModelsApi
  pata: PataApi
  project: {
    /** Projects in the studio's library folder, newest first, and files there that could not be read. */
    list(): Promise<ProjectListing>
    create(req: CreateProjectRequest): Promise<ProjectDetails>
    open(req: ProjectRef): Promise<ProjectDetails>
    /** An imported motion (posed frames): replaces the project's motion, rig keys included (one transaction). */
    saveKeyframes(req: SaveKeyframesRequest): Promise<ProjectDetails>
    /** Gives the project another name; its file, and so its id, stay as they are. */
    rename(req: RenameProjectRequest): Promise<ProjectDetails>
  }
  render: RenderApi
  export: ExportApi
  events: {
    on<E extends StudioEventName>(event: E, listener: (payload: StudioEvents[E]) => void): Unsubscribe
  }
}

/** Every invokable verb, by namespace. The preload, main and the e2e bridge all derive from this. */
export const STUDIO_CHANNELS = {
  app: ['info', 'setProvider'],
  source: [
    'get',
    'importImage',
    'importImageBytes',
    'image',
    'detectPose',
    'savePose',
    'segmentMask',
    'mask',
    'saveMask',
    'saveText',
  ],
  animation: ['get', 'save'],
  models: ['get', 'choose', 'useDemo'],
  pata: ['preview', 'saveOptions'],
  project: ['list', 'create', 'open', 'saveKeyframes', 'rename'],
  render: ['start', 'cancel', 'rerenderFrame', 'rerenderStale', 'frames', 'frameImage', 'settings', 'saveSettings'],
  export: ['chooseTarget', 'start', 'cancel', 'reveal'],
} as const

/**
 * The channels main answers itself: they open dialogs or keep jobs and export targets by id. Every
 * other channel is the engine method of the same name (handlers/index.ts proves that at compile time).
 */
export const MAIN_CHANNELS = [
  'source.importImage',
  'models.choose',
  'render.start',
  'render.cancel',
  'render.rerenderFrame',
  'render.rerenderStale',
  'export.chooseTarget',
  'export.start',
  'export.cancel',
  'export.reveal',
] as const satisfies readonly StudioChannel[]

/** Events main pushes to the renderer, with their payloads. */
export interface StudioEvents {
  'render.progress': RenderProgress
  /** A frame finished during a render job. */
  'render.frame': RenderedFrameEvent
  'export.progress': ExportProgress
  'engine.status': EngineStatus
}
export const STUDIO_EVENTS = ['render.progress', 'render.frame', 'export.progress', 'engine.status'] as const

/** The single Electron IPC channels the contract travels on (channel name + argument inside). */
export const IPC_INVOKE = 'studio:invoke'
export const IPC_EVENT = 'studio:event'

export type Unsubscribe = () => void

export interface AppInfo {
  version: string
  versions: Record<string, string>
  executionProviders: ProviderStatus[]
  /** Which provider renders use and where that choice comes from. */
  provider: ProviderSetting
  paths: { data: string; projects: string; models: string; compiledGraphs: string }
}

/** An onnxruntime execution provider and whether a session could actually be created with it. */
export interface ProviderStatus {
  name: string
  bundled: boolean
  available: boolean
  error?: string
}

export type ProviderChoiceName = (typeof PROVIDER_CHOICE_NAMES)[number]
import type { PROVIDER_CHOICE_NAMES } from './document/machineSettings'

/** The execution provider setting: the choice in force, the saved one, and the order it tries. */
export interface ProviderSetting {
  choice: ProviderChoiceName
  /** The models panel's saved choice (settings.json). */
  saved: ProviderChoiceName
  /** 'environment' when POSEANIMATE_PROVIDER overrides the saved choice for this engine process. */
  from: 'settings' | 'environment'
  /** Providers tried in order, the first that loads renders (the CPU last). */
  order: string[]
}

export interface CreateProjectRequest {
  name: string
  fps?: number
  width?: number
  height?: number
}

export interface ProjectSummary extends ProjectRef {
  name: string
  createdAt: string
  updatedAt: string
  /** Frames of motion: from the first rig key to the last, or an imported motion's keyframes. */
  keyframeCount: number
}

/** A library entry that could not be read (corrupt, newer version, not a project). */
export interface ProjectProblem extends ProjectRef {
  error: string
}

export interface ProjectListing {
  projects: ProjectSummary[]
  problems: ProjectProblem[]
}

/** fps, width, height, prompt: inferred from the document's schema (document/projectSettings.ts). */
export type { ProjectSettings } from './document/projectSettings'
import type { ProjectSettings } from './document/projectSettings'

export interface ProjectDetails extends ProjectSummary {
  settings: ProjectSettings
  /** The motion: every frame derived from the rig keys, or an imported motion's keyframes (decision 0260). */
  keyframes: Keyframe[]
}

export interface SaveKeyframesRequest extends ProjectRef {
  keyframes: Keyframe[]
}

export interface RenameProjectRequest extends ProjectRef {
  name: string
}

export interface EngineStatus {
  state: 'starting' | 'ready' | 'crashed' | 'stopped'
  message?: string
}

// ---------------------------------------------------------------------------------------------
// Types derived from the contract (used by the preload, main's router and the test bridge).
// ---------------------------------------------------------------------------------------------

type Invokable = Omit<StudioApi, 'events'>
type Method = (...args: never[]) => Promise<unknown>

/** 'project.create', 'app.info', … */
export type StudioChannel = {
  [N in keyof Invokable]: `${N & string}.${keyof Invokable[N] & string}`
}[keyof Invokable]

type MethodOf<C extends StudioChannel> = C extends `${infer N}.${infer M}`
  ? N extends keyof Invokable
    ? M extends keyof Invokable[N]
      ? Invokable[N][M] extends Method
        ? Invokable[N][M]
        : never
      : never
    : never
  : never

/** The argument of a channel (undefined for verbs that take none). */
export type ChannelArg<C extends StudioChannel> = Parameters<MethodOf<C>> extends [infer A] ? A : undefined
/** What a channel resolves to. */
export type ChannelResult<C extends StudioChannel> = Awaited<ReturnType<MethodOf<C>>>
export type StudioEventName = keyof StudioEvents
export type MainChannel = (typeof MAIN_CHANNELS)[number]
/** The channels the engine answers, under the same name. */
export type EngineChannel = Exclude<StudioChannel, MainChannel>

type TableChannel = {
  [N in keyof typeof STUDIO_CHANNELS]: `${N}.${(typeof STUDIO_CHANNELS)[N][number]}`
}[keyof typeof STUDIO_CHANNELS]
export type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
/** Compile-time proof that STUDIO_CHANNELS / STUDIO_EVENTS list exactly the contract's verbs and events. */
export const CONTRACT_IS_COMPLETE: SameSet<TableChannel, StudioChannel> &
  SameSet<(typeof STUDIO_EVENTS)[number], StudioEventName> = true

/** Every channel as a flat list, e.g. ['app.info', 'project.list', …]. */
export function studioChannels(): StudioChannel[] {
  return Object.entries(STUDIO_CHANNELS).flatMap(([ns, verbs]) => verbs.map((verb) => `${ns}.${verb}` as StudioChannel))
}

/** The channels main forwards to the engine method of the same name. */
export function engineChannels(): EngineChannel[] {
  const main: readonly string[] = MAIN_CHANNELS
  return studioChannels().filter((c): c is EngineChannel => !main.includes(c))
}

/** What travels back over IPC: errors are data, so their messages arrive intact. */
export type IpcEnvelope<T> = { ok: true; value: T } | { ok: false; error: { code: IpcErrorCode; message: string } }
export type IpcErrorCode =
  'unknown-channel' | 'invalid-argument' | 'forbidden' | 'user' | 'cancelled' | 'engine' | 'internal'
