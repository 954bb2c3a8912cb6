// Writes random-weight checkpoints with the exact full-size key layouts of golden/fullsize/*.json, so
// loading, detection and full-size graphs can be exercised without real weights:
//   node --import tsx scripts/synth-checkpoints.ts --out <dir> [--only ldm,controlnet-ldm]
//        [--dtype auto|f16|f32] [--seed N] [--verify]
// Layouts (dtype "auto" = what the real downloads use):
//   ldm                  v1-5-synth.safetensors                        SD 1.5 single file, F32 (4.3 GB)
//   diffusers            sd15-diffusers/{unet,vae,text_encoder}/…      diffusers pipeline folder, F32 (4.3 GB)
//   controlnet-ldm       control_v11p_sd15_openpose_fp16.safetensors   ControlNet v1.1 original layout, F16 (0.7 GB)
//   controlnet-diffusers control_v11p_sd15_openpose-diffusers/…        diffusers ControlNetModel, F32 (1.4 GB)
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Component } from '../src-main/engine/models/weights/component'
import type { WritableDType } from '../src-main/engine/models/weights/dtype'
import { assertWeights } from '../src-main/engine/models/weights/load'
import { openCheckpoint } from '../src-main/engine/models/weights/source'
import { writeRandomCheckpoint, type TensorSpec } from '../src-main/engine/models/weights/synthetic'

interface Layout {
  name: string
  /** What a user would open: the single file or the folder. */
  root: string
  defaultDtype: WritableDType
  /** files to write: path under --out → manifest file; plus JSON files (configs) to write beside them */
  files: Array<{ path: string; manifest: string }>
  json?: Array<{ path: string; content: (golden: string) => unknown }>
}

const configOf = (manifest: string) => (golden: string) => readManifest(golden, manifest).config

const LAYOUTS: Layout[] = [
  {
    name: 'ldm',
    root: 'v1-5-synth.safetensors',
    defaultDtype: 'F32',
    files: [{ path: 'v1-5-synth.safetensors', manifest: 'sd15_ldm_single_file.json' }],
  },
  {
    name: 'diffusers',
    root: 'sd15-diffusers',
    defaultDtype: 'F32',
    files: [
      { path: 'sd15-diffusers/unet/diffusion_pytorch_model.safetensors', manifest: 'sd15_unet_diffusers.json' },
      { path: 'sd15-diffusers/vae/diffusion_pytorch_model.safetensors', manifest: 'sd15_vae_diffusers.json' },
      { path: 'sd15-diffusers/text_encoder/model.safetensors', manifest: 'sd15_text_encoder_transformers.json' },
    ],
    json: [
      { path: 'sd15-diffusers/unet/config.json', content: configOf('sd15_unet_diffusers.json') },
      { path: 'sd15-diffusers/vae/config.json', content: configOf('sd15_vae_diffusers.json') },
      { path: 'sd15-diffusers/text_encoder/config.json', content: configOf('sd15_text_encoder_transformers.json') },
      { path: 'sd15-diffusers/model_index.json', content: (g) => readJson(join(g, 'pipeline_model_index.json')) },
      {
        path: 'sd15-diffusers/scheduler/scheduler_config.json',
        content: (g) => readJson(join(g, 'pipeline_scheduler_scheduler_config.json')),
      },
    ],
  },
  {
    name: 'controlnet-ldm',
    root: 'control_v11p_sd15_openpose_fp16.safetensors',
    defaultDtype: 'F16',
    files: [{ path: 'control_v11p_sd15_openpose_fp16.safetensors', manifest: 'control_v11p_sd15_openpose_ldm.json' }],
  },
  {
    name: 'controlnet-diffusers',
    root: 'control_v11p_sd15_openpose-diffusers',
    defaultDtype: 'F32',
    files: [
      {
        path: 'control_v11p_sd15_openpose-diffusers/diffusion_pytorch_model.safetensors',
        manifest: 'controlnet_diffusers.json',
      },
    ],
    json: [
      { path: 'control_v11p_sd15_openpose-diffusers/config.json', content: configOf('controlnet_diffusers.json') },
    ],
  },
]

interface Manifest {
  config?: unknown
  tensors: Record<string, { shape: number[]; dtype: string }>
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

function readManifest(golden: string, name: string): Manifest {
  return readJson(join(golden, 'fullsize', name)) as Manifest
}

/** Tensor specs in manifest (= real file) order, with the dtype chosen for this layout. */
function specsFor(golden: string, manifest: string, dtype: WritableDType): TensorSpec[] {
  const entries = Object.entries(readManifest(golden, manifest).tensors)
  return entries.map(([name, { shape }]) => ({ name, shape, dtype }))
}

function goldenDir(): string {
  return process.env.GOLDEN_DIR ?? resolve(import.meta.dirname, '..', '..', 'shared', 'golden')
}

function writeLayout(layout: Layout, out: string, golden: string, dtype: WritableDType, seed: number): void {
  for (const { path, content } of layout.json ?? []) {
    mkdirSync(join(out, path, '..'), { recursive: true })
    writeFileSync(join(out, path), `${JSON.stringify(content(golden), null, 2)}\n`)
  }
  for (const { path, manifest } of layout.files) {
    const target = join(out, path)
    mkdirSync(join(target, '..'), { recursive: true })
    const started = performance.now()
    writeRandomCheckpoint(target, specsFor(golden, manifest, dtype), { seed, metadata: { format: 'pt' } })
    const seconds = (performance.now() - started) / 1000
    const gb = statSync(target).size / 1e9
    console.log(`${path}: ${gb.toFixed(2)} GB ${dtype} in ${seconds.toFixed(1)} s (${(gb / seconds).toFixed(2)} GB/s)`)
  }
}

/** The diffusers manifest each component is checked against, whatever layout it was read from. */
const EXPECTED: Record<Component, string> = {
  unet: 'sd15_unet_diffusers.json',
  vae: 'sd15_vae_diffusers.json',
  text_encoder: 'sd15_text_encoder_transformers.json',
  controlnet: 'controlnet_diffusers.json',
}

/** Opens the output like a user's file (SD 1.5 detection included) and checks every key and shape. */
function verifyLayout(layout: Layout, out: string, golden: string): void {
  const started = performance.now()
  const source = openCheckpoint(join(out, layout.root))
  const opened = (performance.now() - started) / 1000
  for (const component of source.components) {
    const expected = Object.entries(readManifest(golden, EXPECTED[component]).tensors).map(([key, t]) => ({
      key,
      shape: t.shape,
    }))
    const tensors = assertWeights(source.component(component), expected, layout.root)
    const readStart = performance.now()
    const sample = [tensors[0], tensors[tensors.length - 1]].map((t) => t.read())
    if (!sample.every((values) => values.every(Number.isFinite))) throw new Error(`${component}: non-finite values`)
    const ms = performance.now() - readStart
    console.log(
      `  verified ${component}: ${tensors.length} tensors match the diffusers manifest (2 reads ${ms.toFixed(0)} ms)`,
    )
  }
  console.log(
    `  ${layout.root}: ${source.layout}, opened + hashed in ${opened.toFixed(2)} s, hash ${source.contentHash.slice(0, 16)}…`,
  )
  source.close()
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      only: { type: 'string' },
      dtype: { type: 'string', default: 'auto' },
      seed: { type: 'string', default: '0' },
      verify: { type: 'boolean', default: false },
      'verify-only': { type: 'boolean', default: false },
    },
  })
  if (!values.out)
    throw new Error('usage: synth-checkpoints.ts --out DIR [--only ldm,diffusers,…] [--dtype auto|f16|f32]')
  const wanted = values.only?.split(',') ?? LAYOUTS.map((l) => l.name)
  const unknown = wanted.filter((w) => !LAYOUTS.some((l) => l.name === w))
  if (unknown.length)
    throw new Error(`unknown layout(s) ${unknown.join(', ')}; choose from ${LAYOUTS.map((l) => l.name)}`)
  if (!['auto', 'f16', 'f32'].includes(values.dtype)) throw new Error('--dtype must be auto, f16 or f32')
  const layouts = LAYOUTS.filter((l) => wanted.includes(l.name))
  const golden = goldenDir()
  for (const layout of layouts) {
    const dtype = values.dtype === 'auto' ? layout.defaultDtype : (values.dtype.toUpperCase() as WritableDType)
    if (!values['verify-only']) writeLayout(layout, values.out, golden, dtype, Number(values.seed))
    if (values.verify || values['verify-only']) verifyLayout(layout, values.out, golden)
  }
}

try {
  main()
} catch (err) {
  console.error((err as Error).message)
  process.exit(1)
}
