// Opt-in check (npm run check:2gib): a model with more than 2 GiB of synthesized fp32 weights emits
// (external data, written tensor by tensor), loads by path and runs, and its output matches a plain
// TypeScript recomputation. Prints one JSON line with the timings. Needs ~6 GB of RAM and ~2.5 GB of disk.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Graph } from '../src-main/engine/graph/graph'
import { randomWeights } from '../src-main/engine/graph/weights'
import { createRuntime, emitOnnx, tensor, toFloat32 } from '../src-main/engine/runtime/index'

const WIDTH = 8192 // one [8192, 8192] fp32 weight = 256 MiB
const LAYERS = 9 // 2.25 GiB in total
const weights = randomWeights(11, 1 / Math.sqrt(WIDTH))

function chain(): Graph {
  const g = new Graph('big')
  let h = g.input('x', 'float32', [1, WIDTH])
  for (let i = 0; i < LAYERS; i++)
    h = g.scope(`layers.${i}`, () => g.tanh(g.matmul(h, g.param('weight', [WIDTH, WIDTH]))))
  g.output('y', h)
  return g
}

/** y = tanh(x·W) layer by layer, regenerating each weight (never all at once). */
async function reference(x: Float32Array): Promise<Float64Array> {
  let h = Float64Array.from(x)
  for (let i = 0; i < LAYERS; i++) {
    const key = `layers.${i}.weight`
    const w = (await weights(key, { key, shape: [WIDTH, WIDTH], dtype: 'float32' })) as Float32Array
    const next = new Float64Array(WIDTH)
    for (let r = 0; r < WIDTH; r++) {
      const hr = h[r]
      const row = r * WIDTH
      for (let c = 0; c < WIDTH; c++) next[c] += hr * w[row + c]
    }
    h = next.map(Math.tanh)
  }
  return h
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-2gib-'))
  const t0 = performance.now()
  try {
    const model = await emitOnnx(chain(), { weights, dir, name: 'big' })
    const t1 = performance.now()
    const rt = await createRuntime({ provider: 'auto' })
    const session = await rt.session(model)
    const t2 = performance.now()
    const x = Float32Array.from({ length: WIDTH }, (_, i) => Math.sin(i))
    const { y } = await session.run({ x: tensor.f32(x, [1, WIDTH]) })
    const t3 = performance.now()
    const want = await reference(x)
    const got = toFloat32(y)
    const maxErr = Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i])))
    const result = {
      check: '2gib',
      ok: maxErr < 1e-3 && model.weightBytes > 2 ** 31,
      provider: rt.provider,
      weightBytes: model.weightBytes,
      dataFiles: model.dataPaths.map((p) => `${path.basename(p)} ${fs.statSync(p).size}`),
      emitSeconds: +((t1 - t0) / 1000).toFixed(2),
      loadSeconds: +((t2 - t1) / 1000).toFixed(2),
      runSeconds: +((t3 - t2) / 1000).toFixed(2),
      maxAbsErrorVsTypeScript: maxErr,
    }
    console.log(JSON.stringify(result))
    await rt.dispose()
    if (!result.ok) process.exitCode = 1
  } finally {
    if (!process.argv.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true })
  }
}

await main()
