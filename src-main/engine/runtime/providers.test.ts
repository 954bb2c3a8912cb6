// Provider order, availability with reasons, and the fallback from a GPU provider that cannot create or
// run a model (forced with the runtime's test faults: this machine may have no GPU provider at all).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import protobuf from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import { UserError } from '../errors'
import { Graph } from '../graph/graph'
import { linear } from '../graph/nn'
import { emitOnnxBytes } from '../graph/onnx'
import { tensor, toFloat32 } from '../tensor'
import {
  failingNode,
  parseProviderChoice,
  probeProviders,
  providerFromEnv,
  providerOrder,
  softwareGpuReason,
  webgpuUnavailableReason,
} from './providers'
import { createRuntime, Runtime } from './runtime'

async function linearBytes(): Promise<Uint8Array> {
  const g = new Graph('lin')
  const x = g.input('x', 'float32', ['N', 3])
  g.output(
    'y',
    g.scope('proj', () => linear(g, x, g.param('weight', [2, 3]), g.param('bias', [2]))),
  )
  const w: Record<string, Float32Array> = {
    'proj.weight': Float32Array.from([1, 2, 3, 4, 5, 6]),
    'proj.bias': Float32Array.from([0.5, -1]),
  }
  return emitOnnxBytes(g, { weights: (k) => w[k] })
}
const x = tensor.f32([1, 1, 1], [1, 3])

/** z = x + y with x [N], y [M]: runs only when N and M broadcast (our Graph refuses to build it). */
function mismatchedAdd(): Uint8Array {
  const { onnx } = protobuf
  const io = (name: string, dim: string) => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: dim }] } } },
  })
  const graph = {
    name: 'bad',
    node: [{ name: '/bad/sum/Add', opType: 'Add', input: ['x', 'y'], output: ['z'] }],
    input: [io('x', 'N'), io('y', 'M')],
    output: [io('z', 'K')],
  }
  const model = onnx.ModelProto.create({ irVersion: 10, opsetImport: [{ domain: '', version: 21 }], graph })
  return onnx.ModelProto.encode(model).finish()
}

describe('provider choice', () => {
  it('orders auto as cuda → webgpu → cpu (dml before webgpu on Windows); a choice tries itself, then the CPU', () => {
    expect(providerOrder('auto', 'linux/x64')).toEqual(['cuda', 'webgpu', 'cpu'])
    expect(providerOrder('auto', 'darwin/arm64')).toEqual(['cuda', 'webgpu', 'cpu'])
    expect(providerOrder('auto', 'win32/x64')).toEqual(['cuda', 'dml', 'webgpu', 'cpu'])
    expect(providerOrder('webgpu')).toEqual(['webgpu', 'cpu'])
    expect(providerOrder('cpu')).toEqual(['cpu'])
  })

  it('reads POSEANIMATE_PROVIDER and refuses what is not a provider', () => {
    expect(providerFromEnv('cpu', {})).toBe('cpu')
    expect(providerFromEnv('auto', { POSEANIMATE_PROVIDER: 'webgpu' })).toBe('webgpu')
    expect(() => providerFromEnv('auto', { POSEANIMATE_PROVIDER: 'metal' })).toThrow(
      'POSEANIMATE_PROVIDER must be one of auto, cuda, webgpu, dml, cpu, got "metal"',
    )
    expect(() => parseProviderChoice('gpu')).toThrow(UserError)
  })

  it('knows WebGPU cannot load without a Vulkan driver or on a platform without it, and spots a software GPU', () => {
    const none = { VK_ICD_FILENAMES: path.join(os.tmpdir(), 'no-such-icd.json') }
    expect(webgpuUnavailableReason('linux/x64', none)).toMatch(/^no Vulkan driver installed/)
    expect(webgpuUnavailableReason('darwin/x64', none)).toBe(
      'onnxruntime-node has no WebGPU execution provider on darwin/x64',
    )
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icd-'))
    const icd = path.join(dir, 'vk_swiftshader_icd.json')
    fs.writeFileSync(icd, '{}')
    expect(webgpuUnavailableReason('linux/x64', { VK_ICD_FILENAMES: icd })).toBeNull()
    if (process.platform === 'linux') {
      expect(softwareGpuReason('webgpu', { VK_ICD_FILENAMES: icd })).toMatch(/software Vulkan driver/)
    }
    fs.rmSync(dir, { recursive: true })
  })

  it('lists every provider with available, and a reason for each one that is not', async () => {
    const all = await probeProviders()
    expect(all.map((p) => p.name)).toEqual(['cuda', 'webgpu', 'dml', 'cpu'])
    expect(all.find((p) => p.name === 'cpu')).toEqual({ name: 'cpu', bundled: true, available: true })
    for (const p of all.filter((s) => !s.available)) expect(p.reason, p.name).toMatch(/\w{4}/)
  })

  it('resolves a requested provider that cannot load to the CPU and says why', async () => {
    const rt = await createRuntime({ provider: 'dml' })
    if (process.platform !== 'win32') {
      expect(rt.providers).toEqual(['cpu'])
      expect(rt.providerNote).toBe('cpu (dml requested); dml unavailable: DirectML runs on Windows only')
    }
  })
})

describe('provider fallback', () => {
  it('names the node of a real onnxruntime run failure', async () => {
    const rt = await createRuntime({ provider: 'cpu' })
    const s = await rt.session(mismatchedAdd())
    const error = await s.run({ x: tensor.f32([1, 2], [2]), y: tensor.f32([1, 2, 3], [3]) }).catch((e: Error) => e)
    expect(failingNode(String(error))).toBe('/bad/sum/Add')
    expect(failingNode('Node (/unet/mid_block/Softmax) Op (Softmax) [ShapeInferenceError] bad')).toBe(
      '/unet/mid_block/Softmax',
    )
    await rt.dispose()
  })

  it('moves a model webgpu cannot create to the next provider, naming provider and node', async () => {
    const messages: string[] = []
    const faults = [{ provider: 'webgpu', node: '/lin/proj/Gemm', when: 'create' }] as const
    const rt = new Runtime(['webgpu', 'cpu'], 'test', { faults, onFallback: (m) => messages.push(m) })
    const s = await rt.session(await linearBytes(), 'lin')
    expect(s.provider).toBe('cpu')
    expect([...toFloat32((await s.run({ x })).y)]).toEqual([6.5, 14])
    expect(messages).toEqual([
      expect.stringMatching(/^webgpu cannot create lin \(node \/lin\/proj\/Gemm\): .*falling back to cpu$/),
    ])
    expect(rt.fallbacks).toEqual(messages)
  })

  it('moves a session whose run fails on the GPU to the next provider and reruns it', async () => {
    const messages: string[] = []
    const faults = [{ provider: 'webgpu', node: '/lin/proj/Gemm', when: 'run' }] as const
    const rt = new Runtime(['webgpu', 'cpu'], 'test', { faults, onFallback: (m) => messages.push(m) })
    const s = await rt.session(await linearBytes(), 'lin')
    expect(s.provider).toBe('webgpu')
    expect([...toFloat32((await s.run({ x })).y)]).toEqual([6.5, 14])
    expect(s.provider).toBe('cpu')
    expect(messages).toEqual([
      "webgpu cannot run lin (node /lin/proj/Gemm): Non-zero status code returned while running node. Name:'/lin/proj/Gemm' Status Message: test fault; falling back to cpu",
    ])
  })

  it('lets a failure on the last provider stand (the CPU has no fallback)', async () => {
    const faults = [{ provider: 'cpu', node: '/lin/proj/Gemm', when: 'run' }] as const
    const rt = new Runtime(['cpu'], 'test', { faults, onFallback: () => undefined })
    const s = await rt.session(await linearBytes())
    await expect(s.run({ x })).rejects.toThrow("Name:'/lin/proj/Gemm'")
    expect(rt.fallbacks).toEqual([])
  })
})
