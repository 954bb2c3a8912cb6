// Runtime: provider fallback, session cache, input validation, fp16 round trip, external-data emission.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import protobuf from 'onnx-proto'
import ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { vjp } from '../graph/autodiff'
import { Graph } from '../graph/graph'
import { emitOnnxBytes } from '../graph/onnx'
import { randomWeights } from '../graph/weights'
import { linear } from '../graph/nn'
import { emitOnnx, type EmittedModel } from './emit'
import { ModelCache } from './modelCache'
import { CUDA_PROVIDER_LIBRARIES, cudaUnavailableReason, softwareGpuReason, webgpuUnavailableReason } from './providers'
import { createRuntime } from './runtime'
import { tensor, toFloat32 } from '../tensor'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-rt-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

function linearModel(): Graph {
  const g = new Graph('lin')
  const x = g.input('x', 'float32', ['N', 3])
  g.output(
    'y',
    g.scope('proj', () => linear(g, x, g.param('weight', [2, 3]), g.param('bias', [2]))),
  )
  return g
}
const W = { 'proj.weight': Float32Array.from([1, 2, 3, 4, 5, 6]), 'proj.bias': Float32Array.from([0.5, -1]) }
const weights = (k: string) => W[k as keyof typeof W]

describe('runtime', () => {
  it('falls back to CPU when CUDA is missing and says why', async () => {
    const rt = await createRuntime({ provider: 'auto' })
    expect(['cuda', 'webgpu', 'cpu']).toContain(rt.provider)
    if (rt.provider !== 'cuda') expect(rt.providerNote).toMatch(/cuda unavailable: \w/)
    expect(rt.providers.at(-1)).toBe('cpu')
  })

  it('knows CUDA cannot load without a probe: names the missing provider libraries or the platform', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'ort-lib-'))
    expect(cudaUnavailableReason(dir, 'linux/x64')).toContain(`${CUDA_PROVIDER_LIBRARIES.join(', ')} not in ${dir}`)
    for (const file of CUDA_PROVIDER_LIBRARIES) fs.writeFileSync(path.join(dir, file), '')
    expect(cudaUnavailableReason(dir, 'linux/x64')).toBeNull()
    expect(cudaUnavailableReason(dir, 'darwin/arm64')).toBe(
      'onnxruntime-node has no CUDA execution provider on darwin/arm64',
    )
  })

  const gpuProbed = cudaUnavailableReason() === null || (!webgpuUnavailableReason() && !softwareGpuReason('webgpu'))
  it.skipIf(gpuProbed)('falls back to CPU quietly: no onnxruntime error on stderr', () => {
    const runtime = JSON.stringify(path.resolve(import.meta.dirname, 'runtime.ts'))
    const script = `import { createRuntime } from ${runtime}; console.log((await createRuntime()).provider)`
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, POSEANIMATE_PROVIDER: 'auto' },
    })
    expect([child.stdout.trim(), child.stderr]).toEqual(['cpu', ''])
  })

  it('runs inline-weight bytes, caches sessions by hash, validates inputs', async () => {
    const rt = await createRuntime({ provider: 'cpu' })
    const bytes = await emitOnnxBytes(linearModel(), { weights })
    const s = await rt.session(bytes)
    expect(await rt.session(bytes.slice())).toBe(s)
    const { y } = await s.run({ x: tensor.f32([1, 1, 1, 0, 0, 2], [2, 3]) })
    expect([...y.shape]).toEqual([2, 2])
    expect([...toFloat32(y)]).toEqual([6.5, 14, 6.5, 11])
    await expect(s.run({ x: tensor.f32([1, 2], [1, 2]) })).rejects.toThrow("input 'x' must have shape [N,3], got [1,2]")
    await expect(s.run({ x: tensor.f64([1, 2, 3], [1, 3]) })).rejects.toThrow("input 'x' must be float32, got float64")
    await expect(s.run({})).rejects.toThrow("missing input 'x'")
    const notTyped = { data: [1, 2, 3] as unknown as Float32Array, shape: [1, 3] }
    await expect(s.run({ x: notTyped })).rejects.toThrow("input 'x': unsupported data type Array")
    await expect(s.run({ x: tensor.f32([1, 2, 3], [1, 3]), y: tensor.f32([1], [1]) })).rejects.toThrow(
      'unknown input(s) y',
    )
    await rt.dispose()
  })

  it('emits external data in shards and fp16 with float32 boundary', async () => {
    const rt = await createRuntime({ provider: 'cpu' })
    const m = await emitOnnx(linearModel(), { weights, dir: tmp, name: 'lin', shardBytes: 16 })
    expect(m.dataPaths.map((p) => path.basename(p))).toEqual(['lin.onnx.data', 'lin.onnx.data.1'])
    const { y } = await (await rt.session(m)).run({ x: tensor.f32([1, 1, 1], [1, 3]) })
    expect([...toFloat32(y)]).toEqual([6.5, 14])
    const half = await emitOnnxBytes(linearModel(), { weights: randomWeights(3), precision: 'fp16' })
    const full = await emitOnnxBytes(linearModel(), { weights: randomWeights(3) })
    const x = tensor.f32([0.3, -1.2, 2], [1, 3])
    const [a, b] = await Promise.all([half, full].map(async (bytes) => (await (await rt.session(bytes)).run({ x })).y))
    expect(a.dtype).toBe('float32')
    toFloat32(a).forEach((v, i) => expect(v).toBeCloseTo(toFloat32(b)[i], 2))
    await rt.dispose()
  })

  it('reads the weights of forward+VJP models in place: no second copy of a weight, no memory pattern', async () => {
    const g = new Graph('fv')
    const x = g.input('x', 'float32', [1, 32, 8, 8])
    const conv = (name: string, h: typeof x) =>
      g.scope(name, () => g.conv2d(h, g.param('weight', [32, 32, 3, 3]), g.param('bias', [32]), { pad: 1 }))
    const y = conv('conv2', conv('conv1', x))
    g.output('y', y)
    const forward = await emitOnnx(g, { weights: randomWeights(), dir: tmp, name: 'fwd' })
    g.output('dx', vjp(g, [y], [x], [g.input('dy', 'float32', y.shape)])[0])
    const both = await emitOnnx(g, { weights: randomWeights(), dir: tmp, name: 'fwd-vjp' })
    expect([forward.reusedWeightBytes, both.reusedWeightBytes]).toEqual([0, 2 * 32 * 32 * 9 * 4]) // Conv + its VJP
    expect((await createRuntime({ provider: 'cpu' })).sessionOptions(both).extra).toBeUndefined() // < 64 MiB
    const rt = await createRuntime({ provider: 'cpu', weightsInPlaceFrom: 1 })
    expect(rt.sessionOptions(forward)).toMatchObject({ enableMemPattern: false })
    expect(rt.sessionOptions(forward).extra).toBeUndefined()
    const weightBytes = async (m: EmittedModel, options: ort.InferenceSession.SessionOptions) => {
      const optimizedModelFilePath = path.join(tmp, `${path.basename(m.modelPath)}.optimized.onnx`)
      await (await ort.InferenceSession.create(m.modelPath, { ...options, optimizedModelFilePath })).release()
      const inits = protobuf.onnx.ModelProto.decode(fs.readFileSync(optimizedModelFilePath)).graph?.initializer ?? []
      const external = (t: protobuf.onnx.ITensorProto) => Number(t.externalData?.find((e) => e.key === 'length')?.value)
      return inits.reduce((sum, t) => sum + (t.rawData?.length || external(t) || 0), 0)
    }
    const stored = both.weightBytes
    expect(await weightBytes(both, rt.sessionOptions(both))).toBeLessThanOrEqual(stored)
    expect(await weightBytes(both, rt.sessionOptions(forward))).toBeGreaterThan(stored) // NCHWc copies beside W
  })

  it('caches compiled models on disk by key', async () => {
    const cache = new ModelCache(path.join(tmp, 'cache'))
    const key = { weightsHash: 'abc', variant: 'lin', precision: 'fp32' as const }
    let builds = 0
    const build = () => (builds++, linearModel())
    const first = await cache.getOrEmit(key, build, weights)
    const second = await cache.getOrEmit(key, build, weights)
    expect([first.cached, second.cached, builds]).toEqual([false, true, 1])
    expect(second.hash).toBe(first.hash)
    expect(cache.get({ ...key, precision: 'fp16' })).toBeNull()
  })
})
