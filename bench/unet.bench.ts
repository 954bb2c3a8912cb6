// SD 1.5 UNet (+ ControlNet) graphs on CPU, fp32, random weights: build / emit / session / run times,
// FLOPs (multiply-adds ×2 of Conv, MatMul, Gemm) and achieved GFLOP/s.
//   always:        the golden tiny config — unetControl, unetControlGrad, unetControlDca (batch 2, latent from
//                  the golden case) — plus the FLOP counts of the full-size variants at 64×64 (build only)
//   BENCH_FULL=1:  the full-size SD 1.5 UNet at a 64×64 latent, batch 1: forward, and forward + VJP w.r.t.
//                  the text embedding (3.3 GB of fp32 weights; ~1.5–4 min on 2 cores, peak RSS ~9 GB;
//                  ~18 GB before decision 0090)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { vjp } from '../src-main/engine/graph/autodiff'
import { Graph } from '../src-main/engine/graph/graph'
import { countFlops, liveNodes, peakActivations } from '../src-main/engine/graph/stats'
import { randomWeights } from '../src-main/engine/graph/weights'
import { parseControlNetConfig, parseUNetConfig, sd15, type UNetConfig } from '../src-main/engine/models/config'
import { unet2DCondition } from '../src-main/engine/models/sd15/unet'
import {
  buildVariant,
  VARIANT_KINDS,
  type VariantConfigs,
  type VariantKind,
} from '../src-main/engine/models/sd15/variants'
import { createRuntime, emitOnnx, type TensorLike, tensor } from '../src-main/engine/runtime/index'
import type { BenchModule } from './run'

const goldenDir = process.env.GOLDEN_DIR ?? path.resolve(import.meta.dirname, '../../shared/golden')
const json = (name: string) => JSON.parse(fs.readFileSync(path.join(goldenDir, name), 'utf8'))
const secs = (ms: number) => +(ms / 1000).toFixed(3)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const wave = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin(k * i))
const numel = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1)

/** Deterministic feeds for every input of `g` at batch `b` (timesteps 501, indices 0 / i−1, masks half). */
function feedsFor(g: Graph, b: number): Record<string, TensorLike> {
  const feeds: Record<string, TensorLike> = {}
  for (const input of g.inputs) {
    const dims = input.shape.map((d) => (typeof d === 'number' ? d : b))
    const n = numel(dims)
    if (input.name === 'timestep') feeds[input.name] = tensor.i64(new Array<number>(b).fill(501))
    else if (input.name === 'frame0_index') feeds[input.name] = tensor.i64(new Array<number>(b).fill(0))
    else if (input.name === 'prev_index')
      feeds[input.name] = tensor.i64(Array.from({ length: b }, (_, i) => Math.max(i - 1, 0)))
    else if (input.name === 'dca_weights') feeds[input.name] = tensor.f32([0.7, 0.15, 0.15], [3])
    else if (
      input.name === 'control_image' ||
      input.name === 'mask' ||
      input.name === 'mgdm' ||
      input.name === 'control_scale'
    ) {
      feeds[input.name] = tensor.f32(
        Float32Array.from({ length: n }, (_, i) => ((i >> 3) % 2 ? 1 : 0)),
        dims,
      )
    } else feeds[input.name] = tensor.f32(wave(n, input.id + 1), dims)
  }
  return feeds
}

/** Emits `g` with random weights to a temp folder, runs it `runs` times after a warm-up. */
async function measure(g: Graph, batch: number, runs: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unet-bench-'))
  const rt = await createRuntime({ provider: 'cpu', threads: Number(process.env.BENCH_THREADS) || undefined })
  try {
    const t0 = performance.now()
    const model = await emitOnnx(g, { weights: randomWeights(5, 0.02), dir, name: 'model' })
    const t1 = performance.now()
    const session = await rt.session(model)
    const t2 = performance.now()
    const feeds = feedsFor(g, batch)
    await session.run(feeds)
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const s = performance.now()
      await session.run(feeds)
      times.push(performance.now() - s)
    }
    const flops = countFlops(g, { B: batch }, liveNodes(g))
    const run = median(times)
    return {
      weightsMB: +(model.weightBytes / 2 ** 20).toFixed(1),
      emitSeconds: secs(t1 - t0),
      sessionSeconds: secs(t2 - t1),
      runSeconds: secs(run),
      gflop: +(flops / 1e9).toFixed(2),
      gflopPerSecond: +(flops / 1e9 / (run / 1000)).toFixed(1),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }
  } finally {
    await rt.dispose()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now()
  return [fn(), secs(performance.now() - t0)]
}

/** The plain UNet at a latent size, optionally with the VJP w.r.t. the context appended. */
function unetGraph(cfg: UNetConfig, latent: number, withVjp: boolean): Graph {
  const g = new Graph('unet')
  const sample = g.input('sample', 'float32', ['B', cfg.inChannels, latent, latent])
  const timestep = g.input('timestep', 'int64', ['B'])
  const context = g.input('encoder_hidden_states', 'float32', ['B', 77, cfg.crossAttentionDim])
  const eps = unet2DCondition(g, cfg, { sample, timestep, context })
  g.output('noise_pred', eps)
  if (withVjp)
    g.output('grad_encoder_hidden_states', vjp(g, [eps], [context], [g.input('grad', 'float32', eps.shape)])[0])
  return g
}

async function tinyVariants(runs: number) {
  const configs: VariantConfigs = {
    unet: parseUNetConfig(json('unet_config.json')),
    controlnet: parseControlNetConfig(json('controlnet_config.json')),
  }
  const latent = configs.unet.sampleSize
  const out: Record<string, unknown> = {}
  for (const kind of VARIANT_KINDS) {
    const [g, buildSeconds] = timed(() => buildVariant(configs, { kind, latentHeight: latent, latentWidth: latent }))
    out[kind] = { latent, batch: 2, buildSeconds, ...(await measure(g, 2, runs)) }
  }
  return out
}

/** FLOPs and peak activations of the full-size variants at 64×64, batch 1 (graph build only, nothing emitted). */
function fullVariantFlops() {
  const out: Partial<Record<VariantKind, unknown>> = {}
  for (const kind of VARIANT_KINDS) {
    const [g, buildSeconds] = timed(() => buildVariant(sd15, { kind, latentHeight: 64, latentWidth: 64 }))
    out[kind] = {
      buildSeconds,
      nodes: liveNodes(g).length,
      gflop: +(countFlops(g, { B: 1 }, liveNodes(g)) / 1e9).toFixed(1),
      peakActivationsMB: Math.round(peakActivations(g, { B: 1 }).bytes / 2 ** 20),
    }
  }
  return out
}

export const bench: BenchModule = {
  name: 'models.unet',
  async run() {
    const runs = Number(process.env.BENCH_RUNS) || 3
    const result: Record<string, unknown> = {
      device: `CPU fp32, ${os.cpus().length} cores`,
      tiny: await tinyVariants(runs),
      fullSizeFlops: fullVariantFlops(),
    }
    if (process.env.BENCH_FULL === '1') {
      const fullRuns = Number(process.env.BENCH_FULL_RUNS) || 1
      const [fwd, fwdBuild] = timed(() => unetGraph(sd15.unet, 64, false))
      result.fullUnetForward = { latent: 64, batch: 1, buildSeconds: fwdBuild, ...(await measure(fwd, 1, fullRuns)) }
      const [grad, gradBuild] = timed(() => unetGraph(sd15.unet, 64, true))
      result.fullUnetForwardVjp = {
        latent: 64,
        batch: 1,
        buildSeconds: gradBuild,
        ...(await measure(grad, 1, fullRuns)),
      }
    } else {
      result.fullUnet = 'skipped: set BENCH_FULL=1 (~1.5–4 min on 2 cores, peak RSS ~9 GB)'
    }
    return result
  },
}
