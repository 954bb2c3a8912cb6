// render.job: the one render entry point, for the studio (render.start/rerenderFrame/rerenderStale),
// the CLI (`poseanimate render`/`rerender`, then export.frames) and the tests. It renders the whole
// animation or listed frames, one frame, or the stale frames, streaming the job's progress and every
// frame as soon as its image is in the cache (so the studio's frame strip fills while the job runs).
import type { JobProgress, RenderJobKind } from '../../../../src-preload/api'
import type { RenderSession, RenderSummary } from '../../diffusion/pipeline'
import { method } from '../registry'
import { frameImage } from './renderFrames'
import { openRenderSession, type RenderIdentity, type RenderParams } from './render'

export type RenderJob = { kind: 'render'; frames?: number[] } | { kind: 'frame'; frame: number } | { kind: 'stale' }

/** What the job streams: progress of its stages, or a frame that just finished. */
export type RenderJobUpdate = { progress: JobProgress } | { frame: ReturnType<typeof frameImage> }

export interface RenderJobOutcome extends RenderIdentity {
  kind: RenderJobKind
  /** Frames the job was asked for (for 'stale': the frames that were stale). */
  wanted: number[]
  /** Time, cache hits, UNet passes per stage and the frames stale afterwards; null when nothing was wanted. */
  summary: RenderSummary | null
}

export const renderJobMethods = {
  'render.job': method<RenderParams & { job: RenderJob }, RenderJobOutcome, RenderJobUpdate>(
    async ({ job, ...params }, ctx) => {
      const { session, identity } = await openRenderSession(params, ctx.engine)
      const wanted = wantedFrames(job, session)
      if (wanted.length === 0) return { ...identity, kind: job.kind, wanted, summary: null }
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
      return { ...identity, kind: job.kind, wanted, summary }
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
