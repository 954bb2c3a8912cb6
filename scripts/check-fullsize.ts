// Opt-in full-size check (npm run check:fullsize [-- --size 128 --keep --dir DIR --skip-synth]):
// synthesizes random-weight checkpoints with the exact real layouts (SD 1.5 single file, diffusers
// folder, ControlNet v1.1 OpenPose original and diffusers) into a temp dir, opens them like a user's
// files, compiles every graph variant at full size, creates a session and runs each once at a small
// image size, printing per-step timings and the peak RSS. The temp dir is deleted afterwards.
// Needs ~16 GB of disk (checkpoints + one compiled variant at a time) and ~11 GB of RAM (the VJP variant);
// sessions and compiled files are released after each variant, so weights are never held twice.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { VARIANT_KINDS } from '../src-main/engine/models/sd15/variants'
import { ClipTokenizer } from '../src-main/engine/models/tokenizer'
import { openCheckpoint, type CheckpointSource } from '../src-main/engine/models/weights/source'
import { createRuntime, ModelCache, type Runtime, toFloat32, type TensorLike } from '../src-main/engine/runtime/index'
import { fullsizeVariants, type VariantCheck } from './fullsize/variants'

const LAYOUTS = {
  ldm: 'v1-5-synth.safetensors',
  diffusers: 'sd15-diffusers',
  'controlnet-ldm': 'control_v11p_sd15_openpose_fp16.safetensors',
  'controlnet-diffusers': 'control_v11p_sd15_openpose-diffusers',
} as const
type LayoutName = keyof typeof LAYOUTS

const repoRoot = resolve(import.meta.dirname, '..')
const rows: string[] = []

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`
const peakRss = () => process.resourceUsage().maxRSS * 1024

function report(step: string, seconds: number, note = ''): void {
  const rss = `RSS ${gb(process.memoryUsage().rss)} (peak ${gb(peakRss())})`
  const line = `${step.padEnd(64)} ${seconds.toFixed(2).padStart(8)} s   ${rss}  ${note}`
  rows.push(line)
  console.log(line)
}

async function timed<T>(step: string, fn: () => T | Promise<T>, note: (r: T) => string = () => ''): Promise<T> {
  const started = performance.now()
  const result = await fn()
  report(step, (performance.now() - started) / 1000, note(result))
  return result
}

/** Runs scripts/synth-checkpoints.ts for one layout in a child process (its peak RSS via GNU time). */
function synthesize(layout: LayoutName, dir: string): void {
  const script = join(repoRoot, 'scripts', 'synth-checkpoints.ts')
  const node = [process.execPath, '--import', 'tsx', script, '--out', dir, '--only', layout]
  const useTime = existsSync('/usr/bin/time')
  const rssFile = join(dir, `.rss-${layout}`)
  const argv = useTime ? ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...node] : node
  const started = performance.now()
  const child = spawnSync(argv[0], argv.slice(1), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] })
  if (child.status !== 0) throw new Error(`synthesizing ${layout} failed (exit ${child.status})`)
  const childRss = useTime ? `child peak RSS ${gb(Number(readFileSync(rssFile, 'utf8').trim()) * 1024)}` : ''
  report(`synthesize ${layout}`, (performance.now() - started) / 1000, childRss)
}

function summarize(name: string, t: TensorLike): string {
  const data = toFloat32(t as Parameters<typeof toFloat32>[0])
  let max = 0
  for (const v of data) {
    if (!Number.isFinite(v)) throw new Error(`${name} has non-finite values`)
    max = Math.max(max, Math.abs(v))
  }
  return `${name} [${t.shape}] max|x| ${max.toPrecision(3)}`
}

/** compile (emit into the cache) → session → one run, each timed; the session is released at the end. */
async function checkVariant(
  label: string,
  v: VariantCheck,
  cache: ModelCache,
  runtime: Runtime,
  keep: boolean,
): Promise<void> {
  const emitted = await timed(
    `${label}: compile/emit`,
    () => v.compile(cache),
    (m) => `weights ${gb(m.weightBytes)}`,
  )
  try {
    const session = await timed(`${label}: session create (${runtime.provider})`, () => runtime.session(emitted))
    const outputs = await timed(
      `${label}: run`,
      () => session.run(v.feeds()),
      (out) =>
        Object.entries(out)
          .map(([k, t]) => summarize(k, t))
          .join('; '),
    )
    v.check?.(outputs)
  } finally {
    await runtime.dispose()
    if (!keep) rmSync(dirname(emitted.modelPath), { recursive: true, force: true }) // 5 GB per UNet variant
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '128' },
      dir: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'skip-synth': { type: 'boolean', default: false },
    },
  })
  const size = Number(values.size)
  if (!Number.isInteger(size) || size <= 0 || size % 64 !== 0) throw new Error('--size must be a multiple of 64')
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'fullsize-'))
  mkdirSync(dir, { recursive: true })
  console.log(`full-size check in ${dir}, image ${size}² (latent ${size / 8}²)`)
  const opened: CheckpointSource[] = []
  try {
    if (!values['skip-synth']) for (const layout of Object.keys(LAYOUTS) as LayoutName[]) synthesize(layout, dir)
    const open = (layout: LayoutName) =>
      timed(
        `load ${layout} (headers, detection, content hash)`,
        () => {
          const source = openCheckpoint(join(dir, LAYOUTS[layout]))
          opened.push(source)
          return source
        },
        (s) => `${s.layout}: ${s.components.join(', ')}`,
      )
    const sd = { ldm: await open('ldm'), diffusers: await open('diffusers') }
    const control = { ldm: await open('controlnet-ldm'), diffusers: await open('controlnet-diffusers') }
    const cache = new ModelCache(join(dir, 'compiled'))
    const tokenizer = ClipTokenizer.load()
    const runtime = await createRuntime({ provider: 'auto' })
    console.log(`execution provider: ${runtime.provider} (${runtime.providerNote})`)
    for (const [layout, source] of Object.entries(sd)) {
      const controlnet = layout === 'ldm' ? control.ldm : control.diffusers
      // Every variant from the single file + original ControlNet (what users download); the diffusers
      // layouts load through other name tables, so one UNet variant there proves them at full size.
      const unetVariants = layout === 'ldm' ? VARIANT_KINDS : VARIANT_KINDS.slice(0, 1)
      for (const v of await fullsizeVariants({ source, controlnet, size, tokenizer, unetVariants })) {
        await checkVariant(`${layout} ${v.name}`, v, cache, runtime, values.keep)
      }
    }
  } finally {
    for (const source of opened) source.close()
    if (!values.keep && !values.dir) rmSync(dir, { recursive: true, force: true })
  }
  console.log(`\nsummary (peak RSS of this process ${gb(peakRss())}):\n${rows.join('\n')}`)
}

try {
  await main()
} catch (err) {
  console.error(`check:fullsize failed: ${(err as Error).message}`)
  process.exitCode = 1
}
