// render.job: one render the studio started (the whole animation or listed frames, one frame, or the
// stale frames), streaming the job's progress and every frame as soon as its image is in the cache, so
// the frame strip fills while the job runs.
import type { JobProgress, RenderJobKind } from '../../../../src-preload/api'
import { renderContext, renderProject, rerenderFrame, staleFrames } from '../../diffusion/pipeline'
import type { ProjectStore } from '../../store'
import { method } from '../registry'
import { frameImage } from './renderFrames'
import { pipelineCall } from './render'

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
      const { env, request } = await pipelineCall({ path }, ctx.engine)
      const { keys } = await renderContext(env, request)
      const wanted = await wantedFrames(job, keys.decode.length, () => staleFrames(env, request))
      const outcome = { kind: job.kind, wanted, stale: [], computed: 0, reused: 0, seconds: 0 }
      if (wanted.length === 0) return outcome
      const watch = frameWatcher(env.store, keys.decode, wanted)
      const announce = () => watch.newlyReady().forEach((frame) => ctx.progress({ frame: frameImage(frame) }))
      const call = {
        ...request,
        signal: ctx.signal,
        onProgress: (progress: JobProgress) => {
          ctx.progress({ progress })
          announce()
        },
      }
      const { summary } =
        job.kind === 'frame'
          ? await rerenderFrame(env, { ...call, frame: job.frame })
          : await renderProject(env, { ...call, frames: wanted })
      announce()
      const { computed, reused, seconds, stale } = summary
      return { ...outcome, stale, computed, reused, seconds }
    },
  ),
}

async function wantedFrames(job: RenderJob, count: number, stale: () => Promise<number[]>): Promise<number[]> {
  if (job.kind === 'frame') return [job.frame]
  if (job.kind === 'stale') return stale()
  return job.frames ?? Array.from({ length: count }, (_, f) => f)
}

/** Reports each wanted frame once, when its decoded image (`<decode key>/rgb`) is in the cache. */
function frameWatcher(store: ProjectStore, decodeKeys: readonly string[], wanted: readonly number[]) {
  const pending = new Set(wanted.filter((f) => f >= 0 && f < decodeKeys.length))
  return {
    newlyReady() {
      const ready = []
      for (const frame of pending) {
        const rgb = store.cache.get(`${decodeKeys[frame]}/rgb`)
        if (!rgb) continue
        pending.delete(frame)
        const [height, width] = rgb.shape
        ready.push({ frame, width, height, data: rgb.data as Uint8Array })
      }
      return ready
    },
  }
}
