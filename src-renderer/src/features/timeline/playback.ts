// Playback at the project fps. The frame shown is derived from elapsed wall time (not counted per tick),
// so a slow tick drops frames instead of slowing the animation down. Time and scheduling are injected so
// tests drive the clock without real timers.

export interface PlaybackSettings {
  readonly fps: number
  readonly frameCount: number
  readonly loop: boolean
}

/** Frame shown `elapsedMs` after playback started at `startFrame`; null once a non-looping play ends. */
export function frameAtTime(elapsedMs: number, startFrame: number, s: PlaybackSettings): number | null {
  const advanced = Math.floor((elapsedMs * s.fps) / 1000 + 1e-9)
  const frame = startFrame + advanced
  if (frame < s.frameCount) return frame
  return s.loop ? frame % s.frameCount : null
}

export interface Scheduler {
  now(): number
  request(tick: () => void): number
  cancel(handle: number): void
}

export const animationFrameScheduler: Scheduler = {
  now: () => performance.now(),
  request: (tick) => requestAnimationFrame(tick),
  cancel: (handle) => cancelAnimationFrame(handle),
}

export class PlaybackClock {
  private handle: number | null = null
  private startTime = 0
  private startFrame = 0
  private lastFrame = -1

  constructor(
    private settings: PlaybackSettings,
    private readonly onFrame: (frame: number) => void,
    private readonly onStop: () => void = () => {},
    private readonly scheduler: Scheduler = animationFrameScheduler,
  ) {
    assertSettings(settings)
  }

  get playing(): boolean {
    return this.handle !== null
  }

  /** Start from `frame`; from the end of a non-looping timeline it starts over at 0. */
  play(frame: number): void {
    this.pause()
    this.startFrame = frame >= this.settings.frameCount - 1 && !this.settings.loop ? 0 : frame
    this.startTime = this.scheduler.now()
    this.lastFrame = -1
    this.handle = this.scheduler.request(this.tick)
  }

  pause(): void {
    if (this.handle === null) return
    this.scheduler.cancel(this.handle)
    this.handle = null
    this.onStop()
  }

  update(settings: PlaybackSettings): void {
    assertSettings(settings)
    this.settings = settings
  }

  private readonly tick = (): void => {
    const frame = frameAtTime(this.scheduler.now() - this.startTime, this.startFrame, this.settings)
    if (frame === null) {
      this.onFrame(this.settings.frameCount - 1)
      this.pause()
      return
    }
    if (frame !== this.lastFrame) this.onFrame(frame)
    this.lastFrame = frame
    this.handle = this.scheduler.request(this.tick)
  }
}

function assertSettings(s: PlaybackSettings): void {
  if (!(s.fps > 0)) throw new RangeError(`Playback needs a positive frame rate, got ${s.fps} fps`)
  if (!(s.frameCount >= 1)) throw new RangeError(`Playback needs at least one frame, got ${s.frameCount}`)
}
