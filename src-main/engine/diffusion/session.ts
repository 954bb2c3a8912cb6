// One render session per job: the project's render setup resolved to the model's canvas (crop, pose
// detection and segmentation when needed, PATA) and the cache key of every stage output, computed once
// when the session opens. Rendering, re-rendering, staleness and frame states all read them. Opening
// needs only the model's identity (backend.geometry and backend.modelHash); the networks run when a
// render computes something. A session describes the project as it stood when opened: a job that sees
// an edit opens a new one.
import { UserError } from '../errors'
import type { ProjectStore } from '../store'
import { resolveInputs, type Perception, type RenderSetup, type ResolvedInputs } from './inputs'
import { renderKeys, type RenderKeys } from './keys'
import type { DiffusionBackend } from './models'
import { loadPerception } from './perception'
import { runRender, type RenderResult, type RunOptions } from './runRender'
import { renderedPipelineSettings, type PipelineSettings, type PipelineSettingsInput } from './settings'
import { cachedFrame, shownKeys, staleOf, type RenderedFrame } from './shownFrames'
import type { StageContext } from './stages'

export interface PipelineEnv {
  store: ProjectStore
  backend: DiffusionBackend
  /** Pose detection and segmentation for projects without a source pose or mask (loaded on first use). */
  perception?: () => Promise<Perception>
}

/** What a frame's shown image is worth: the project's current render of it, an older one, or none. */
export interface FrameStatus {
  frame: number
  state: 'current' | 'stale' | 'missing'
}

export class RenderSession {
  private constructor(
    readonly store: ProjectStore,
    /** Backend, resolved inputs, settings and keys: what the work items are built from. */
    readonly context: StageContext,
  ) {}

  /** Resolves the setup for `env.backend`'s model and size (throws InputError, PipelineError for the user). */
  static async open(
    env: PipelineEnv,
    setup: RenderSetup,
    settingsInput?: PipelineSettingsInput,
  ): Promise<RenderSession> {
    const settings = renderedPipelineSettings(settingsInput) // a draft preset renders its reduction
    const { backend, store } = env
    const { width, height } = backend.geometry
    if ((settings.width ?? width) !== width || (settings.height ?? height) !== height) {
      throw new PipelineError(
        `The model was opened for ${width}×${height}; the settings ask for ${settings.width}×${settings.height}.`,
      )
    }
    const perception = env.perception ?? loadPerception
    const inputs = await resolveInputs(setup, settings, { width, height }, { store, perception })
    return new RenderSession(store, { backend, inputs, settings, keys: renderKeys(backend, inputs, settings) })
  }

  get keys(): RenderKeys {
    return this.context.keys
  }

  get inputs(): ResolvedInputs {
    return this.context.inputs
  }

  get settings(): PipelineSettings {
    return this.context.settings
  }

  /** Frames in the animation, frame 0 (the source) included. */
  get frameCount(): number {
    return this.keys.decode.length
  }

  /** Renders `frames` (default: all) with whatever earlier frames they need, reusing the cache. */
  render(frames?: readonly number[], run?: RunOptions): Promise<RenderResult> {
    const wanted = frames ?? this.keys.decode.map((_, f) => f)
    wanted.forEach((f) => this.checkFrame(f))
    const shown = shownKeys(this.store)
    const display = this.keys.decode.map((key, f) => (wanted.includes(f) ? key : (shown[f] ?? '')))
    return runRender(this.store, this.context, wanted, display, run)
  }

  /**
   * Re-renders frame k: stage 3 for k (if its pose or settings changed) and stage 4 for k with frame 0
   * and the frames before k teacher-forced from the cache. Later frames keep their shown image and are stale.
   */
  rerender(frame: number, run?: RunOptions): Promise<RenderResult> {
    const k = this.checkFrame(frame)
    const shown = shownKeys(this.store)
    const display = this.keys.decode.map((key, f) => (f === k ? key : (shown[f] ?? '')))
    return runRender(this.store, this.context, [k], display, run)
  }

  /** Frames whose shown image (latest finished render) differs from what this session renders. */
  staleFrames(): number[] {
    return staleOf(this.keys, shownKeys(this.store))
  }

  /** Every frame of the animation with the state of its shown image. */
  frameStates(): FrameStatus[] {
    const shown = shownKeys(this.store)
    return this.keys.decode.map((key, frame) => {
      const image = shown[frame] && this.store.cache.has(`${shown[frame]}/rgb`)
      return { frame, state: !image ? 'missing' : shown[frame] === key ? 'current' : 'stale' }
    })
  }

  /** Frame `frame` as this session renders it, once its image is in the cache. */
  readyFrame(frame: number): RenderedFrame | undefined {
    const key = this.keys.decode[frame]
    return key ? cachedFrame(this.store, key, frame) : undefined
  }

  /** The frame number, or a PipelineError naming the frames there are. */
  checkFrame(frame: number): number {
    if (!Number.isInteger(frame) || frame < 0 || frame >= this.frameCount) {
      throw new PipelineError(`Frame ${frame} does not exist: the animation has frames 0–${this.frameCount - 1}.`)
    }
    return frame
  }
}

export class PipelineError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'PipelineError'
  }
}
