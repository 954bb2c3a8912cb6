// One SD 1.5 transformer block at full size (down_blocks.0: 64×64 = 4096 tokens × 320 channels, 8 heads,
// 77 × 768 text context), CPU fp32: build + emit time, ORT run time and FLOPs of the forward and of the
// VJP w.r.t. the context (which also computes the forward), the graph's peak activations (outputs freed
// after their last reader) and the process's peak RSS so far (forward first, so the VJP's is its own
// unless lower). Acceptance: VJP ≤ 2.5 × forward.
import { vjp } from '../src-main/engine/graph/autodiff'
import { Graph } from '../src-main/engine/graph/graph'
import { attention, geglu, groupNorm, layerNorm, linear } from '../src-main/engine/graph/nn'
import { emitOnnxBytes } from '../src-main/engine/graph/onnx'
import { countFlops, liveNodes, peakActivations } from '../src-main/engine/graph/stats'
import type { Value } from '../src-main/engine/graph/types'
import { randomWeights } from '../src-main/engine/graph/weights'
import { createRuntime, tensor } from '../src-main/engine/runtime/index'
import type { BenchModule } from './run'

const [C, HW, CTX, CTX_DIM, HEADS] = [320, 64, 77, 768, 8]

/** Transformer2DModel (sd15-facts §1.2): GroupNorm → proj_in → BasicTransformerBlock → proj_out → + x. */
function transformer2d(g: Graph, x: Value, ctx: Value): Value {
  const p = (name: string, shape: number[]) => g.param(name, shape)
  const norm = (name: string, h: Value) => g.scope(name, () => layerNorm(g, h, p('weight', [C]), p('bias', [C])))
  const lin = (name: string, h: Value, o: number, i: number, bias = false) =>
    g.scope(name, () => linear(g, h, p('weight', [o, i]), bias ? p('bias', [o]) : undefined))
  const attn = (name: string, h: Value, kv: Value, kvDim: number) =>
    g.scope(name, () => {
      const out = attention(g, lin('to_q', h, C, C), lin('to_k', kv, C, kvDim), lin('to_v', kv, C, kvDim), {
        heads: HEADS,
      }).out
      return lin('to_out.0', out, C, C, true)
    })
  const conv1x1 = (name: string, h: Value) =>
    g.scope(name, () => g.conv2d(h, p('weight', [C, C, 1, 1]), p('bias', [C])))
  const n = x.shape[0]
  let h = g.scope('norm', () => groupNorm(g, x, 32, p('weight', [C]), p('bias', [C]), 1e-6)) // [N, C, H, W]
  h = g.transpose(g.reshape(conv1x1('proj_in', h), [n, C, HW * HW]), [0, 2, 1]) // [N, HW², C]
  h = g.scope('transformer_blocks.0', () => {
    const n1 = norm('norm1', h)
    let t = g.add(h, attn('attn1', n1, n1, C))
    t = g.add(t, attn('attn2', norm('norm2', t), ctx, CTX_DIM))
    return g.add(
      t,
      g.scope('ff', () => lin('net.2', geglu(g, lin('net.0.proj', norm('norm3', t), 8 * C, C, true)), C, 4 * C, true)),
    )
  })
  h = g.reshape(g.transpose(h, [0, 2, 1]), x.shape) // [N, C, H, W]
  return g.add(conv1x1('proj_out', h), x)
}

function blockGraph(withVjp: boolean): Graph {
  const g = new Graph('unet')
  const x = g.input('sample', 'float32', ['N', C, HW, HW])
  const ctx = g.input('context', 'float32', ['N', CTX, CTX_DIM])
  const out = g.scope('down_blocks.0/attentions.0', () => transformer2d(g, x, ctx))
  g.output('out', out)
  if (withVjp) g.output('d_context', vjp(g, [out], [ctx], [g.input('d_out', 'float32', out.shape)])[0])
  return g
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const secs = (ms: number) => +(ms / 1000).toFixed(3)
const mb = (bytes: number) => Math.round(bytes / 2 ** 20)
const fill = (n: number, f: (i: number) => number) => Float32Array.from({ length: n }, (_, i) => f(i))

async function measure(withVjp: boolean, runs: number) {
  const t0 = performance.now()
  const g = blockGraph(withVjp)
  const t1 = performance.now()
  const bytes = await emitOnnxBytes(g, { weights: randomWeights(3, 0.05) })
  const t2 = performance.now()
  const rt = await createRuntime({ provider: 'cpu', threads: Number(process.env.BENCH_THREADS) || undefined })
  const session = await rt.session(bytes)
  const t3 = performance.now()
  const feeds = {
    sample: tensor.f32(fill(C * HW * HW, Math.sin), [1, C, HW, HW]),
    context: tensor.f32(fill(CTX * CTX_DIM, Math.cos), [1, CTX, CTX_DIM]),
    ...(withVjp
      ? {
          d_out: tensor.f32(
            fill(C * HW * HW, (i) => Math.sin(3 * i)),
            [1, C, HW, HW],
          ),
        }
      : {}),
  }
  await session.run(feeds) // warm-up
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const s = performance.now()
    await session.run(feeds)
    times.push(performance.now() - s)
  }
  await rt.dispose()
  const flops = countFlops(g, { N: 1 }, liveNodes(g))
  const run = median(times)
  return {
    nodes: liveNodes(g).length,
    buildSeconds: secs(t1 - t0),
    emitSeconds: secs(t2 - t1),
    sessionSeconds: secs(t3 - t2),
    runSeconds: secs(run),
    gflop: +(flops / 1e9).toFixed(2),
    gflopPerSecond: +(flops / 1e9 / (run / 1000)).toFixed(1),
    peakActivationsMB: mb(peakActivations(g, { N: 1 }).bytes),
    peakRssMB: mb(process.resourceUsage().maxRSS * 1024),
  }
}

export const bench: BenchModule = {
  name: 'graph.transformer-block',
  async run() {
    const runs = Number(process.env.BENCH_RUNS) || 3
    const forward = await measure(false, runs)
    const vjpWrtContext = await measure(true, runs)
    const ratio = +(vjpWrtContext.runSeconds / forward.runSeconds).toFixed(2)
    return {
      shape: '1×320×64×64, ctx 1×77×768, fp32 CPU',
      forward,
      vjpWrtContext,
      vjpOverForward: ratio,
      ok: ratio <= 2.5,
    }
  },
}
