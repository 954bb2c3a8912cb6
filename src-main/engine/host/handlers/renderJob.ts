// render.job: one render the studio started (the whole animation or listed frames, one frame, or the
// stale frames), streaming the job's progress and every frame as soon as its image is in the cache, so
// the frame strip fills while the job runs.
import type { JobProgress, RenderJobKind } from '../../../../src-preload/api'
import type { RenderSession } from '../../diffusion/pipeline'
import { method } from '../registry'
import { frameImage } from './renderFrames'
import { openRenderSession } from './render'

export type RenderJob = { kind: 'render'; frames?: number[] } | { kind: 'frame'; frame: number } | { kind: 'stale' }

/** What the job streams: progress of its stages, or a frame that just finished. */
export type RenderJobUpdate = { progress: JobProgress } | { frame: ReturnType<typeof frameImage> }

export interface RenderJobOutcome {
  kind: RenderJobKind
  /** Frames the job was asked for (for 'stale': the frames that were stale). */
  wanted: number[]
  /** Frames whose shown image no longer matches the project once the job is done. */
  stale: number[]
  computed: number
  reused: number
  seconds: number
}

export const renderJobMethods = {
  'render.job': method<{ path: string; job: RenderJob }, RenderJobOutcome, RenderJobUpdate>(
    async ({ path, job }, ctx) => {
      const session = await openRenderSession({ path }, ctx.engine)
      const wanted = wantedFrames(job, session)
      const outcome = { kind: job.kind, wanted, stale: [], computed: 0, reused: 0, seconds: 0 }
      if (wanted.length === 0) return outcome
      const watch = frameWatcher(session, wanted)
      const announce = () => watch.newlyReady().forEach((frame) => ctx.progress({ frame: frameImage(frame) }))
      const run = {
        signal: ctx.signal,
        onProgress: (progress: JobProgress) => {
          ctx.progress({ progress })
          announce()
        },
      }
      const { summary } =
        job.kind === 'frame' ? await session.rerender(job.frame, run) : await session.render(wanted, run)
      announce()
      const { computed, reused, seconds, stale } = summary
      return { ...outcome, stale, computed, reused, seconds }
    },
  ),
}

function wantedFrames(job: RenderJob, session: RenderSession): number[] {
  if (job.kind === 'frame') return [job.frame]
  if (job.kind === 'stale') return session.staleFrames()
  return job.frames ?? Array.from({ length: session.frameCount }, (_, f) => f)
}

/** Reports each wanted frame once, when its decoded image is in the cache. */
function frameWatcher(session: RenderSession, wanted: readonly number[]) {
  const pending = new Set(wanted)
  return {
    newlyReady() {
      const ready = []
      for (const frame of pending) {
        const image = session.readyFrame(frame)
        if (!image) continue
        pending.delete(frame)
        ready.push(image)
      }
      return ready
    },
  }
}
