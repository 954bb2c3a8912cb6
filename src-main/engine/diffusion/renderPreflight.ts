// The preflight of one planned render: which graphs and UNet passes its stages with work left will run,
// and how much cache they write, checked against this machine (preflight.ts, decision 0244). A render
// the cache already holds runs nothing and is never refused.
import { dirname } from 'node:path'
import { outputKey, type JobCache } from '../jobs'
import type { ProjectStore } from '../store'
import type { GraphUse } from './models'
import { sizes } from './models'
import { chunks, type RenderPlan, type StageName } from './plan'
import { checkResources, preflightSkipped, systemAvailable, type Available, type PreflightDirs } from './preflight'
import type { PassShape } from './resourceEstimate'
import { teacherFrames, type StageContext } from './stages'

/** Largest batch of a plain (non-DCA) UNet run: the backend slices bigger ones (backend.ts maxBatch). */
const PLAIN_BATCH = 8

/** Throws PreflightError when the work left clearly does not fit; returns warnings when it is tight. */
export async function renderPreflight(
  store: ProjectStore,
  c: StageContext,
  plan: RenderPlan,
  available: (dirs: PreflightDirs) => Available = systemAvailable,
): Promise<string[]> {
  if (preflightSkipped() || !c.backend.footprint) return []
  const pending = pendingStages(plan, store.cache)
  if (pending.size === 0) return []
  const graphs = new Set<GraphUse>()
  const passes: PassShape[] = []
  if (pending.has('prepare')) graphs.add('text_encoder').add('vae/encode')
  if (pending.has('inversion')) passes.push({ kind: 'plain', batch: 1 })
  if (pending.has('pacm-source') || pending.has('pacm-frames')) {
    passes.push({ kind: 'plain', batch: 1 }, { kind: 'grad', batch: 1 })
  }
  if (pending.has('generate')) passes.push(generatePass(c, plan))
  if (pending.has('decode')) graphs.add('vae/decode')
  for (const pass of passes) graphs.add(PASS_GRAPH[pass.kind])
  const footprint = await c.backend.footprint([...graphs])
  const dirs = { compiledDir: footprint.compiledDir, projectDir: dirname(store.path) }
  const input = {
    graphs: footprint.graphs,
    passes,
    latent: c.backend.geometry.latent,
    heads: footprint.heads,
    cacheBytes: cacheBytes(c, plan),
  }
  return checkResources(input, available(dirs), dirs).warnings
}

const PASS_GRAPH = { plain: 'unetControl', grad: 'unetControlGrad', dca: 'unetControlDca' } as const

/** Stages with at least one item whose outputs are not all cached. */
function pendingStages(plan: RenderPlan, cache: JobCache): Set<StageName> {
  const pending = plan.job.stages.filter((stage) =>
    stage.items.some((item) => !item.outputs.every((o) => cache.has(outputKey(item, o)))),
  )
  return new Set(pending.map((stage) => stage.name as StageName))
}

/** Stage 4's largest UNet run: both CFG halves of a chunk and its teacher-forced frames. */
function generatePass(c: StageContext, plan: RenderPlan): PassShape {
  const groups = chunks(plan.generated, c.settings.chunkSize)
  const members = Math.max(...groups.map((g) => g.length + teacherFrames(g[0], c.backend.geometry.dcaLayers).length))
  return c.settings.modules.dcam
    ? { kind: 'dca', batch: 2 * members }
    : { kind: 'plain', batch: Math.min(2 * members, PLAIN_BATCH) }
}

/** Per generated frame: its latents after every step, its φ̃ per step and its decoded image. */
function cacheBytes(c: StageContext, plan: RenderPlan): number {
  const n = sizes(c.backend.geometry)
  const { steps } = c.settings
  const perFrame =
    4 * ((steps + 1) * n.latent + steps * n.embedding) + 3 * c.backend.geometry.width * c.backend.geometry.height
  return plan.generated.length * perFrame
}
