// Which work a render needs: the frames asked for, plus every earlier frame whose latents are missing
// (frame i is generated from frame i − 1's keys and values), grouped into chunks of consecutive frames.
// Upstream stages are listed only when something downstream must be computed, so an unchanged project
// plans no work at all.
import { outputKey, type JobCache, type JobDefinition, type Stage, type WorkItem } from '../jobs'
import { frameStageRuns } from './keys'
import {
  decodeItem,
  frameItem,
  generateItem,
  inversionItem,
  prepareItem,
  sourceItem,
  teacherFrames,
  type StageContext,
} from './stages'

export const STAGE_NAMES = ['prepare', 'inversion', 'pacm-source', 'pacm-frames', 'generate', 'decode'] as const
export type StageName = (typeof STAGE_NAMES)[number]

export interface RenderPlan {
  job: JobDefinition
  /** Frames whose latents this job generates. */
  generated: number[]
}

export function planRender(c: StageContext, wanted: readonly number[], cache: JobCache, jobId: string): RenderPlan {
  const { keys } = c
  const has = (key: string) => cache.has(key)
  const missing = new Set<number>()
  for (const f of wanted) {
    for (let g = f; g >= 0 && !missing.has(g) && !has(keys.latents[g]); g--) missing.add(g)
  }
  const generated = [...missing].sort((a, b) => a - b)
  const decodes = [...new Set([...wanted, ...generated])].sort((a, b) => a - b)
  const groups = chunks(generated, c.settings.chunkSize)
  // Teacher-forced frames need their φ̃ and mask too (hits, unless evicted).
  const forced = groups.flatMap((g) => teacherFrames(g[0], c.backend.geometry.dcaLayers))
  const optimised = [...new Set([...generated, ...forced])].filter((f) => f > 0).sort((a, b) => a - b)
  const stages: Record<StageName, WorkItem[]> = {
    prepare: [],
    inversion: [],
    'pacm-source': [],
    // Frames with the same pose share one stage-3 item (its key hashes the pose, not the frame number);
    // with PACM and MGDM both off stage 3 has nothing to compute.
    'pacm-frames': frameStageRuns(c.settings) ? uniqueByKey(optimised.map((f) => frameItem(c, f))) : [],
    generate: groups.map((group) => generateItem(c, group)),
    decode: decodes.map((f) => decodeItem(c, f)),
  }
  const downstream = [...stages['pacm-frames'], ...stages.generate, ...stages.decode]
  if (downstream.some((item) => !item.outputs.every((o) => has(outputKey(item, o))))) {
    stages.prepare = [prepareItem(c)]
    stages.inversion = [inversionItem(c)]
    stages['pacm-source'] = keys.source.map((_, i) => sourceItem(c, i))
  }
  return { job: { id: jobId, stages: STAGE_NAMES.map((name): Stage => ({ name, items: stages[name] })) }, generated }
}

function uniqueByKey(items: WorkItem[]): WorkItem[] {
  return [...new Map(items.map((item) => [item.key, item])).values()]
}

/** Consecutive runs of frames, each cut into chunks of at most `size` (frame 0 rides along for free). */
export function chunks(frames: readonly number[], size: number): number[][] {
  const out: number[][] = []
  for (const f of frames) {
    const last = out.at(-1)
    const room = last && last.filter((g) => g !== 0).length < size
    if (last && last.at(-1) === f - 1 && room) last.push(f)
    else out.push([f])
  }
  return out
}
