// Measures what fp16 plain/DCA passes (gradients stay fp32) cost in reconstruction error against fp32
// everywhere, on the tiny golden model (decision 0322). Usage:
//   GOLDEN_DIR=… node --import tsx scripts/measure/precision.ts [cpu|webgpu] [steps] [inner]
// Prints one JSON object per precision and the differences between them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OnnxDiffusionBackend } from '../../src-main/engine/diffusion/backend'
import { ddimSchedule, ddimStep, ddimTimesteps } from '../../src-main/engine/diffusion/ddim'
import { meanSquaredError } from '../../src-main/engine/diffusion/objective'
import { renderContext, renderProject } from '../../src-main/engine/diffusion/pipeline'
import { asF32, rowsOf } from '../../src-main/engine/diffusion/tensors'
import type { Precision } from '../../src-main/engine/graph/precision'
import { createRuntime } from '../../src-main/engine/runtime'
import { ProjectStore } from '../../src-main/engine/store'
import { compiledDir, modelFiles, setup } from '../../test/pipeline/fixture'

const [provider = 'cpu', steps = '4', inner = '3'] = process.argv.slice(2)
const settings = { steps: Number(steps), innerIterations: Number(inner), frames: 0, modules: { pata: false } }

const maxAbs = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0)

async function measure(precision: Precision) {
  const runtime = await createRuntime({ provider: provider as 'cpu' | 'webgpu', threads: 2 })
  const backend = await OnnxDiffusionBackend.open(modelFiles(), { runtime, compiledDir, precision })
  const dir = mkdtempSync(join(tmpdir(), 'pa-precision-'))
  const store = ProjectStore.create(join(dir, 'p.poseanim'), { name: 'precision' })
  try {
    const env = { store, backend }
    const request = { setup: setup(2), settings }
    const t0 = performance.now()
    const { summary } = await renderProject(env, request)
    const c = await renderContext(env, request)
    const get = (key: string) => asF32(store.cache.get(key)!, key)
    const z0 = get(`${c.keys.prepare}/latent`)
    const trajectory = rowsOf(store.cache.get(`${c.keys.inversion}/trajectory`)!, 'trajectory')
    const finals = c.keys.latents.map((k) => Float32Array.from(rowsOf(store.cache.get(k)!, k).at(-1)!))
    // Stage 1 alone: sample Z_T back to z_0 with the prompt at guidance 1 (what inversion assumes).
    const [text, pose] = [get(`${c.keys.prepare}/text`), get(`${c.keys.prepare}/pose`)]
    let back = trajectory.at(-1)!
    for (const t of ddimTimesteps(settings.steps)) {
      const batch = { batch: 1, latents: back, timestep: t, embeddings: text, poseImages: pose, controlScale: 1 }
      back = ddimStep(ddimSchedule(), await backend.eps(batch), t, back, settings.steps).prevSample
    }
    const stage2 = get(`${c.keys.source.at(-1)}/latent`)
    return {
      precision,
      provider: (await backend.providerReport()).models,
      seconds: (performance.now() - t0) / 1000,
      unetPasses: summary.unetPasses,
      stage1RoundTripMse: meanSquaredError(back, z0),
      stage2LatentMse: meanSquaredError(stage2, z0),
      // Stage 2 reconstructs with plain + gradient passes, stage 4 frame 0 with the DCA graph: their gap.
      frame0VsStage2MaxAbs: maxAbs(finals[0], stage2),
      stage2FinalLosses: c.keys.source.map((k) => get(`${k}/losses`).at(-1)),
      frame0: summary.reconstruction,
      zT: trajectory.at(-1)!,
      finals,
    }
  } finally {
    store.close()
    rmSync(dir, { recursive: true, force: true })
    backend.close()
  }
}

const show = ({ zT: _z, finals: _f, ...rest }: Awaited<ReturnType<typeof measure>>) => rest
console.log(JSON.stringify({ provider, settings }))
const fp32 = await measure('fp32')
console.log(JSON.stringify(show(fp32), null, 1)) // each as soon as it is measured (SwiftShader is slow)
const fp16 = await measure('fp16')
console.log(JSON.stringify(show(fp16), null, 1))
console.log(
  JSON.stringify({
    zTMaxAbsDiff: maxAbs(fp32.zT, fp16.zT),
    finalLatentMaxAbsDiff: fp32.finals.map((f, i) => maxAbs(f, fp16.finals[i])),
    finalLatentMse: fp32.finals.map((f, i) => meanSquaredError(f, fp16.finals[i])),
  }),
)
