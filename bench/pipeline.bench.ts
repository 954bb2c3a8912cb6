// The PoseAnimate pipeline end to end: per-stage seconds and UNet passes of one render, per-pass times,
// and the projected time of a render at the paper's settings (T = 50, n = 5, N = 16, w = 7.5).
//   always:        the golden tiny model at 128² (T = 8, n = 5, 4 target frames), CPU
//   BENCH_FULL=1:  full-size SD 1.5 + ControlNet OpenPose with random weights at 512² (BENCH_FULL_SIZE=256
//                  for a smaller square), reduced to T = 2,
//                  n = 1, 1 target frame (BENCH_SD15 / BENCH_CONTROLNET name the files; otherwise they are
//                  synthesized into the temp dir with scripts/synth-checkpoints.ts, 5 GB of disk)
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { OnnxDiffusionBackend, type ModelFiles } from '../src-main/engine/diffusion/backend'
import { groupLayout } from '../src-main/engine/diffusion/generate'
import { sizes, type DiffusionBackend } from '../src-main/engine/diffusion/models'
import { renderProject } from '../src-main/engine/diffusion/pipeline'
import type { PipelineSettingsInput } from '../src-main/engine/diffusion/settings'
import { createRuntime } from '../src-main/engine/runtime'
import { ProjectStore } from '../src-main/engine/store'
import { modelFiles, setup } from '../test/pipeline/fixture'
import type { BenchModule } from './run'

const PAPER = { steps: 50, inner: 5, frames: 16 }
const secs = (ms: number) => +(ms / 1000).toFixed(3)

/** UNet passes (batch elements) of a render with T steps, n inner iterations, N frames, one chunk, no early stop. */
export function passesOf(T: number, n: number, N: number) {
  return { eps: T + 2 * T + N * T, grad: n * T + N * T, dca: 2 * (N + 1) * T }
}

/** Median seconds per batch element of each pass kind (after one warm-up run). */
async function perPass(backend: DiffusionBackend, frames: number) {
  const n = sizes(backend.geometry)
  const wave = (count: number, k: number) => Float32Array.from({ length: count }, (_, i) => 0.5 * Math.sin(k * i))
  const batch = (b: number) => ({
    batch: b,
    latents: wave(b * n.latent, 1),
    timestep: 501,
    embeddings: wave(b * n.embedding, 2),
    poseImages: wave(b * n.poseImage, 3).map(Math.abs),
    controlScale: 1,
  })
  const upstream = { scale: new Float32Array(1).fill(1e-4), offset: wave(n.latent, 4) }
  const group = Array.from({ length: frames + 1 }, (_, f) => ({
    frame: f,
    phis: [],
    poseImage: wave(n.poseImage, 5),
    mask: wave(n.mask, 6).map((v) => (v > 0 ? 1 : 0)),
  }))
  const dca = groupLayout(group, { lambdas: [0.7, 0.15, 0.15], mgdm: true }).dca
  const time = async (run: () => Promise<unknown>, elements: number) => {
    await run()
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      await run()
      times.push(performance.now() - t0)
    }
    return secs(times.sort((a, b) => a - b)[1] / elements)
  }
  return {
    eps: await time(() => backend.eps(batch(1)), 1),
    grad: await time(() => backend.epsWithGrad(batch(1), upstream), 1),
    dca: await time(() => backend.epsDca(batch(2 * group.length), dca), 2 * group.length),
  }
}

async function benchRender(label: string, files: ModelFiles, settings: PipelineSettingsInput, frames: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pipeline-bench-${label}-`))
  const runtime = await createRuntime()
  const t0 = performance.now()
  const backend = await OnnxDiffusionBackend.open(files, {
    runtime,
    compiledDir: path.join(os.tmpdir(), 'poseanimate-bench-compiled'),
    width: settings.width,
    height: settings.height,
  })
  const openSeconds = secs(performance.now() - t0)
  const store = ProjectStore.create(path.join(dir, 'bench.poseanim'), { name: 'bench' })
  try {
    const s = setup(frames)
    const { summary } = await renderProject({ store, backend }, { setup: s, settings: { ...settings, frames } })
    const stages = Object.fromEntries(
      Object.entries(summary.stages).map(([name, st]) => [
        name,
        { seconds: +st.seconds.toFixed(3), passes: st.unetPasses },
      ]),
    )
    const unit = await perPass(backend, frames)
    const paper = passesOf(PAPER.steps, PAPER.inner, PAPER.frames)
    const projected = paper.eps * unit.eps + paper.grad * unit.grad + paper.dca * unit.dca
    return {
      provider: runtime.provider,
      size: `${backend.geometry.width}x${backend.geometry.height}`,
      openSeconds,
      renderSeconds: +summary.seconds.toFixed(3),
      stages,
      unetPasses: summary.unetPasses,
      secondsPerPassElement: unit,
      paperPasses: paper,
      projectedPaperSeconds: Math.round(projected),
    }
  } finally {
    store.close()
    backend.close()
    await runtime.dispose()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** SD 1.5 + ControlNet files for the full-size run: from the environment, or synthesized once. */
function fullSizeFiles(): ModelFiles {
  if (process.env.BENCH_SD15 && process.env.BENCH_CONTROLNET) {
    return { checkpoint: process.env.BENCH_SD15, controlnet: process.env.BENCH_CONTROLNET }
  }
  const out = path.join(os.tmpdir(), 'poseanimate-bench-sd15')
  const checkpoint = path.join(out, 'v1-5-synth.safetensors')
  const controlnet = path.join(out, 'control_v11p_sd15_openpose_fp16.safetensors')
  if (!fs.existsSync(checkpoint) || !fs.existsSync(controlnet)) {
    const script = path.resolve(import.meta.dirname, '../scripts/synth-checkpoints.ts')
    execFileSync(process.execPath, ['--import', 'tsx', script, '--out', out, '--only', 'ldm,controlnet-ldm'], {
      stdio: 'inherit',
    })
  }
  return { checkpoint, controlnet }
}

export const bench: BenchModule = {
  name: 'pipeline',
  async run() {
    const tiny = await benchRender('tiny', modelFiles(), { steps: 8, innerIterations: 5, modules: { pata: false } }, 4)
    if (process.env.BENCH_FULL !== '1') return { tiny }
    // BENCH_FULL_SIZE picks a smaller square render (e.g. 256) where three fp32 sessions at 512² do not fit
    // in memory (a 24 GB CPU machine); the projection is then for that size.
    const side = Number(process.env.BENCH_FULL_SIZE ?? 512)
    const full = await benchRender(
      'sd15',
      fullSizeFiles(),
      { steps: 2, innerIterations: 1, modules: { pata: false }, width: side, height: side },
      1,
    )
    return { tiny, full }
  },
}
