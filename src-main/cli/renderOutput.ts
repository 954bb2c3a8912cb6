// Shared by `render`, `rerender` and `export`: the output options, running engine calls with a progress
// bar and Ctrl-C cancellation, a render (render.job, then export.frames: the studio's render entry point
// and its export) and the summary (text, or the --json object).
import { resolve } from 'node:path'
import type { JobProgress } from '../../src-preload/api'
import type { RenderSummary } from '../engine/diffusion/pipeline'
import type { ExportResult } from '../engine/export'
import { resolveExportTarget } from '../engine/export/target'
import type { EngineHost } from '../engine/host/client'
import type { EngineMethods } from '../engine/host/handlers'
import type { RenderIdentity } from '../engine/host/handlers/render'
import type { RenderJob } from '../engine/host/handlers/renderJob'
import { describePathProblem } from '../engine/pathProblem'
import { parseProviderChoice, PROVIDER_CHOICES, PROVIDER_ENV } from '../engine/runtime/providers'
import { RENDER_PRESETS, type RenderPreset } from '../../src-preload/document/renderSettings'
import { positiveInt } from './args'
import { UsageError, UserError, type CliIo } from './command'
import { withEngine } from './engine'
import { createProgressReporter } from './progress'

type CallOptions = { signal: AbortSignal; onProgress: (p: JobProgress) => void }

/** What a render printed: the project and model it used, its summary and what was written. */
export interface RenderOutcome extends RenderIdentity {
  summary: RenderSummary
  export: ExportResult | null
}

export const OUTPUT_OPTIONS = {
  out: { type: 'string' },
  fps: { type: 'string' },
  width: { type: 'string' },
  height: { type: 'string' },
} as const

const MODEL_OPTIONS = {
  model: { type: 'string' },
  controlnet: { type: 'string' },
  provider: { type: 'string' },
  preset: { type: 'string' },
  'no-preflight': { type: 'boolean' },
} as const

/** What `render` and `rerender` both take: the output and the model options. */
export const RENDER_OPTIONS = { ...OUTPUT_OPTIONS, ...MODEL_OPTIONS } as const

export const OUTPUT_USAGE =
  '--out <video.mp4|video.webm|anim.gif|folder/>  [--fps N] [--width W] [--height H]  (size: one side keeps the aspect)'
export const MODEL_USAGE =
  "--model <SD 1.5 checkpoint|demo> --controlnet <ControlNet OpenPose>  (default: the project's model)\n" +
  `    --provider ${PROVIDER_CHOICES.join('|')}  (default: $${PROVIDER_ENV}, else auto = cuda → webgpu/dml → cpu)\n` +
  "    --preset draft|final  (draft: a tenth of the steps, half the size, every other pose; default: the project's)\n" +
  '    --no-preflight  (render even when the memory/disk estimate says it will not fit; also POSEANIMATE_SKIP_PREFLIGHT=1)'

export function outputOptions(values: { out?: string; fps?: string; width?: string; height?: string }) {
  if (values.out !== undefined && !values.out.trim()) {
    throw new UsageError('--out is empty: name a video file (e.g. --out walk.mp4) or a folder for PNG frames (frames/)')
  }
  const fps = values.fps === undefined ? undefined : Number(values.fps)
  if (fps !== undefined && !(fps > 0 && fps <= 240)) {
    throw new UsageError(`--fps must be a number above 0 and at most 240, got "${values.fps}"`)
  }
  return {
    out: values.out === undefined ? undefined : resolve(values.out) + (/[\\/]$/.test(values.out) ? '/' : ''),
    fps,
    width: positiveInt(values.width, '--width'),
    height: positiveInt(values.height, '--height'),
  }
}

function modelOptions(values: { model?: string; controlnet?: string; preset?: string }) {
  const resolvePath = (p?: string) => (p === undefined || p === 'demo' ? p : resolve(p))
  return {
    model: resolvePath(values.model),
    controlnet: resolvePath(values.controlnet),
    ...presetOption(values.preset),
  }
}

/** `--preset draft|final` as a settings override (absent: the preset the project stores). */
export function presetOption(value: string | undefined): { settings?: { preset: RenderPreset } } {
  if (value === undefined) return {}
  const preset = RENDER_PRESETS.find((p) => p === value)
  if (!preset) throw new UsageError(`--preset must be ${RENDER_PRESETS.join(' or ')}, got "${value}"`)
  return { settings: { preset } }
}

/** The engine parameters of a render: the project, its output and its model. */
export function renderParams(
  positionals: string[],
  values: Parameters<typeof outputOptions>[0] & Parameters<typeof modelOptions>[0],
  usage: string,
) {
  return { path: projectArgument(positionals, usage), ...outputOptions(values), ...modelOptions(values) }
}

/** The one project argument: a project database or a project JSON that exists. */
export function projectArgument(positionals: string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(`give exactly one project file\nusage: ${usage}`)
  const path = resolve(positionals[0])
  const problem = describePathProblem(path)
  if (problem) throw new UserError(problem.endsWith('does not exist') ? `No project file at ${path}.` : `${problem}.`)
  return path
}

/** The engine process's environment for `--provider` (a bad value is a usage error) and `--no-preflight`. */
export function engineEnv(values: { provider?: string; 'no-preflight'?: boolean }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...(values.provider !== undefined && { [PROVIDER_ENV]: parseProviderChoice(values.provider) }),
    ...(values['no-preflight'] && { POSEANIMATE_SKIP_PREFLIGHT: '1' }),
  }
}

/** Runs `call` with progress on stderr; Ctrl-C cancels it (finished work stays in the project cache). */
export async function withProgress<T>(io: CliIo, call: (o: CallOptions) => Promise<T>): Promise<T> {
  const reporter = createProgressReporter(process.stderr, { json: io.json })
  const controller = new AbortController()
  const onInterrupt = () => controller.abort()
  process.once('SIGINT', onInterrupt)
  try {
    return await call({ signal: controller.signal, onProgress: (p) => reporter.update(p) })
  } finally {
    reporter.finish()
    process.off('SIGINT', onInterrupt)
  }
}

/**
 * Runs `job` with render.job (as the studio does), then exports the frames the project now shows with
 * export.frames when --out is given; prints the summary (text or --json).
 */
export function runRender(
  io: CliIo,
  params: ReturnType<typeof renderParams>,
  job: RenderJob,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { path, model, controlnet, settings } = params
  return renderThenExport(io, params, env, async (engine, o) => {
    const onProgress = (update: { progress: JobProgress } | object) => {
      if ('progress' in update) o.onProgress(update.progress)
    }
    const rendered = await engine.call(
      'render.job',
      { path, model, controlnet, settings, job },
      { signal: o.signal, onProgress },
    )
    if (!rendered.summary) throw new Error(`render.job rendered nothing for a ${job.kind} job`)
    return { ...rendered, summary: rendered.summary }
  })
}

/** How a summary is printed; `render --farm` adds its workers. */
export interface OutcomeFormat<R extends RenderOutcome> {
  describe(o: R): string[]
  json(o: R): object
}

/**
 * Runs `render` (which fills the project cache) in a started engine with progress, then export.frames
 * when --out is given, and prints the summary. A bad --out fails before the render, not after.
 */
export async function renderThenExport<R extends Omit<RenderOutcome, 'export'>>(
  io: CliIo,
  params: ReturnType<typeof renderParams>,
  env: NodeJS.ProcessEnv,
  render: (engine: EngineHost<EngineMethods>, o: CallOptions) => Promise<R>,
  format: OutcomeFormat<R & RenderOutcome> = { describe: describeOutcome, json: outcomeJson },
): Promise<number> {
  const { out, fps, width, height } = params
  if (out) resolveExportTarget(out)
  const result = await withProgress(io, (o) =>
    withEngine(async (engine) => {
      const rendered = await render(engine, o)
      const database = rendered.project.database
      const written = out ? await engine.call('export.frames', { path: database, out, fps, width, height }, o) : null
      return { ...rendered, export: written }
    }, env),
  )
  printOutcome(io, result, format)
  return 0
}

/** Warnings on stderr (in --json mode too: a person may be watching), then the summary on stdout. */
export function printOutcome<R extends RenderOutcome>(
  io: CliIo,
  result: R,
  format: OutcomeFormat<R> = { describe: describeOutcome, json: outcomeJson },
): void {
  for (const warning of warningsOf(result.summary)) io.err(`warning: ${warning}`)
  io.out(io.json ? JSON.stringify(format.json(result)) : format.describe(result).join('\n'))
}

/** Human summary lines of a render (and its export). */
export function describeOutcome(o: RenderOutcome): string[] {
  const s = o.summary
  const lines = [
    `${o.project.name}: ${s.frameCount} frames, ${s.computed} items computed, ${s.reused} from cache, ` +
      `${s.seconds.toFixed(1)} s (UNet passes: ${passes(s.unetPasses)})`,
  ]
  for (const [name, stage] of Object.entries(s.stages)) {
    if (stage.computed + stage.reused === 0) continue
    lines.push(
      `  ${name.padEnd(12)} ${stage.seconds.toFixed(1).padStart(6)} s  ${stage.computed} computed, ` +
        `${stage.reused} cached  UNet ${passes(stage.unetPasses)}`,
    )
  }
  if (o.render.preset === 'draft') lines.push(`  ${describeDraft(o.render)}`)
  if (o.model.demo) lines.push('  model: the tiny UNTRAINED demo model (exercises the pipeline; the frames are noise)')
  if (s.stale.length)
    lines.push(`  stale frames ${ranges(s.stale)}: their previous frame changed; render again to update`)
  if (s.damagedEntries) lines.push(`  ${damagedNote(s.damagedEntries)}`)
  if (s.reconstruction) lines.push(`  ${reconstructionNote(s.reconstruction)}`)
  const providers = describeProviders(s.providers.models)
  if (providers) lines.push(`  providers: ${providers}`)
  lines.push(
    o.export ? describeExport(o.export) : '  (no --out: frames stay in the project cache; see poseanimate export)',
  )
  return lines
}

export function describeExport(e: ExportResult): string {
  const kb = (e.bytes / 1024).toFixed(0)
  const wrote = `wrote ${e.path} (${e.format}, ${e.frames} frames, ${e.width}×${e.height} at ${e.fps} fps, ${kb} KiB)`
  const stale = e.removedPartials.length
  return stale ? `${wrote}; removed ${stale} temp file(s) left by an interrupted export` : wrote
}

/** The --json summary: per-stage seconds, cache hits and UNet-pass counts, plus what was written. */
export function outcomeJson(o: RenderOutcome): object {
  const s = o.summary
  return {
    ok: true,
    project: o.project,
    model: o.model,
    render: o.render,
    frames: s.frameCount,
    seconds: s.seconds,
    cache: { computed: s.computed, reused: s.reused, damaged: s.damagedEntries },
    unetPasses: s.unetPasses,
    stages: s.stages,
    generated: s.generated,
    stale: s.stale,
    reconstruction: s.reconstruction,
    warnings: warningsOf(s),
    providers: s.providers,
    export: o.export,
  }
}

/** The model's warnings and every provider fallback: the CLI hides the engine's own stderr. */
function warningsOf(s: RenderSummary): string[] {
  return [...s.warnings, ...s.providers.fallbacks]
}

function describeDraft(r: RenderOutcome['render']): string {
  const poses = r.frameStride === 2 ? 'every other pose' : `every ${r.frameStride}th pose`
  return (
    `DRAFT preset: ${r.steps} step(s), ${r.width}×${r.height}, ${r.innerIterations} inner iteration(s), ${poses} ` +
    '(render --preset final for the final frames)'
  )
}

/** Frame 0 is the source; this says how closely the pipeline itself reconstructs it (inversion quality). */
function reconstructionNote(e: NonNullable<RenderSummary['reconstruction']>): string {
  const psnr = Number.isFinite(e.psnr) ? `${e.psnr.toFixed(1)} dB` : 'exact'
  return (
    `frame 0 is the source image; the pipeline reconstructs it with PSNR ${psnr} ` +
    `(RMS ${e.pixelRmse.toFixed(3)}, latent MSE ${e.latentMse.toPrecision(3)})`
  )
}

function damagedNote(count: number): string {
  const entries = count === 1 ? '1 cache entry was' : `${count} cache entries were`
  return `${entries} damaged (checksum mismatch): dropped and recomputed`
}

/** "cpu (text_encoder, unetControl), webgpu (vae/decode@512x512)": the models each provider ran. */
function describeProviders(models: Record<string, string>): string {
  const byProvider = new Map<string, string[]>()
  for (const [model, provider] of Object.entries(models)) {
    byProvider.set(provider, [...(byProvider.get(provider) ?? []), model])
  }
  return [...byProvider].map(([provider, names]) => `${provider} (${names.join(', ')})`).join(', ')
}

function passes(p: { eps: number; grad: number; dca: number }): string {
  return `${p.eps} plain, ${p.grad} grad, ${p.dca} dca`
}

function ranges(frames: number[]): string {
  return frames.length > 1 ? `${frames[0]}–${frames.at(-1)}` : String(frames[0])
}
