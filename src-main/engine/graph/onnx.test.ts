// Emission: the emitted-graph snapshot, precision policy (fp16 weights, fp32 softmax/norms), outputs.
import protobuf from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import { testRuntime } from '../runtime/testing/checkOp'
import { toFloat32 } from '../tensor'
import { vjp } from './autodiff'
import { Graph } from './graph'
import { attention, geglu, groupNorm, layerNorm, linear } from './nn'
import { emitOnnxBytes } from './onnx'
import type { Value } from './types'
import { randomWeights } from './weights'

const { onnx } = protobuf
const DTYPE_NAMES: Record<number, string> = { 1: 'f32', 6: 'i32', 7: 'i64', 9: 'bool', 10: 'f16', 11: 'f64' }

/** A small SD-style transformer block with a cross-attention map output and the VJP w.r.t. the context. */
function transformerBlock(): Graph {
  const g = new Graph('unet')
  const x = g.input('hidden', 'float32', ['N', 16, 8])
  const ctx = g.input('context', 'float32', ['N', 5, 12])
  const p = (name: string, shape: number[]) => g.param(name, shape)
  const norm = (name: string, h: Value) => g.scope(name, () => layerNorm(g, h, p('weight', [8]), p('bias', [8])))
  const lin = (name: string, h: Value, i: number, o: number, bias = false) =>
    g.scope(name, () => linear(g, h, p('weight', [o, i]), bias ? p('bias', [o]) : undefined))
  const out = g.scope('attentions.0.transformer_blocks.0', () => {
    const attn = (name: string, h: Value, kv: Value, kvDim: number) =>
      g.scope(name, () => {
        const [q, k, v] = [lin('to_q', h, 8, 8), lin('to_k', kv, kvDim, 8), lin('to_v', kv, kvDim, 8)]
        const a = attention(g, q, k, v, { heads: 2 })
        return { out: lin('to_out.0', a.out, 8, 8, true), probs: a.probs }
      })
    const n1 = norm('norm1', x)
    let h = g.add(x, attn('attn1', n1, n1, 8).out)
    const cross = attn('attn2', norm('norm2', h), ctx, 12)
    g.output('attn2_probs', cross.probs)
    h = g.add(h, cross.out)
    const n3 = norm('norm3', h)
    const ff = g.scope('ff', () => lin('net.2', geglu(g, lin('net.0.proj', n3, 8, 32, true)), 16, 8, true))
    return g.add(h, ff)
  })
  g.output('out', out)
  const [dctx] = vjp(g, [out], [ctx], [g.input('d_out', 'float32', out.shape)])
  g.output('d_context', dctx)
  return g
}

function describeModel(bytes: Uint8Array): string {
  const m = onnx.ModelProto.decode(bytes)
  const graph = m.graph as protobuf.onnx.GraphProto
  const io = (v: protobuf.onnx.IValueInfoProto) => {
    const t = v.type?.tensorType
    const dims = t?.shape?.dim?.map((d) => d.dimParam || String(d.dimValue)) ?? []
    return `${v.name} ${DTYPE_NAMES[t?.elemType ?? 0]}[${dims}]`
  }
  const nodes = graph.node as protobuf.onnx.NodeProto[]
  const inits = graph.initializer as protobuf.onnx.TensorProto[]
  const hist: Record<string, number> = {}
  for (const n of nodes) hist[n.opType] = (hist[n.opType] ?? 0) + 1
  const params = inits.filter((t) => !t.name.includes('/const_'))
  return [
    `opset ${m.opsetImport[0].version}, ir ${m.irVersion}`,
    `inputs: ${graph.input.map(io).join('; ')}`,
    `outputs: ${graph.output.map(io).join('; ')}`,
    `initializers: ${params.length} params + ${inits.length - params.length} constants`,
    ...params.map((t) => `  ${t.name} ${DTYPE_NAMES[t.dataType]}[${t.dims}]`),
    `value_info: ${graph.valueInfo.length} intermediates`,
    `op histogram: ${Object.entries(hist)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `nodes (${nodes.length}):`,
    ...nodes.map((n) => `  ${n.name} ${n.opType}`),
    '',
  ].join('\n')
}

describe('ONNX emission', () => {
  it('matches the emitted-graph snapshot (op histogram, node names, initializer keys)', async () => {
    const bytes = await emitOnnxBytes(transformerBlock(), { weights: randomWeights() })
    await expect(describeModel(bytes)).toMatchFileSnapshot('./__snapshots__/transformer-block.onnx.txt')
  })

  it('forward + VJP reads every matrix weight as stored: Gemm only, no Transpose for ORT to fold into a copy', async () => {
    const graph = onnx.ModelProto.decode(await emitOnnxBytes(transformerBlock(), { weights: randomWeights() }))
      .graph as protobuf.onnx.GraphProto
    const matrices = (graph.initializer as protobuf.onnx.TensorProto[]).filter((t) => t.dims.length === 2)
    for (const w of matrices) {
      const readers = (graph.node as protobuf.onnx.NodeProto[]).filter((n) => n.input.includes(w.name))
      expect(
        readers.map((n) => n.opType).every((op) => op === 'Gemm'),
        w.name,
      ).toBe(true)
    }
    const toK = 'attentions.0.transformer_blocks.0.attn2.to_k.weight' // forward Gemm + its VJP Gemm
    expect((graph.node as protobuf.onnx.NodeProto[]).filter((n) => n.input.includes(toK))).toHaveLength(2)
  })

  it('declares every intermediate with our symbolic dims (ORT loses them through Reshape to [-1, C])', async () => {
    const graph = onnx.ModelProto.decode(await emitOnnxBytes(transformerBlock(), { weights: randomWeights() }))
      .graph as protobuf.onnx.GraphProto
    const declared = new Set(graph.valueInfo.map((v) => v.name))
    const outputs = new Set(graph.output.map((v) => v.name))
    const produced = (graph.node as protobuf.onnx.NodeProto[]).flatMap((n) => n.output).filter((o) => !outputs.has(o))
    expect(produced.filter((name) => !declared.has(name))).toEqual([])
    const gemm = graph.node.find((n) => n.name === '/unet/attentions.0.transformer_blocks.0/attn1/to_q/Gemm')
    const info = graph.valueInfo.find((v) => v.name === gemm?.output?.[0])
    expect(info?.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['16*N', 8])
  })

  it('fp16: weights and activations in fp16, softmax and norms in fp32, float32 boundary', async () => {
    const model = onnx.ModelProto.decode(
      await emitOnnxBytes(transformerBlock(), { weights: randomWeights(), precision: 'fp16' }),
    )
    const graph = model.graph as protobuf.onnx.GraphProto
    const nodes = graph.node as protobuf.onnx.NodeProto[]
    const dtypeOf = new Map((graph.initializer as protobuf.onnx.TensorProto[]).map((t) => [t.name, t.dataType]))
    expect(dtypeOf.get('attentions.0.transformer_blocks.0.attn2.to_k.weight')).toBe(10)
    const producers = new Map(nodes.flatMap((n) => n.output.map((o) => [o, n] as const)))
    for (const softmax of nodes.filter((n) => n.opType === 'Softmax')) {
      const cast = producers.get(softmax.input[0])
      expect(cast?.opType).toBe('Cast')
      expect(Number(cast?.attribute?.[0].i)).toBe(1) // computed in float32
    }
    expect(graph.input.every((i) => i.type?.tensorType?.elemType === 1)).toBe(true)
  })

  it('fp16 and fp32 emissions agree (forward, attention maps and context gradient)', async () => {
    const g = transformerBlock()
    const rt = await testRuntime()
    const feeds = {
      hidden: { data: Float32Array.from({ length: 2 * 128 }, (_, i) => Math.sin(i)), shape: [2, 16, 8] },
      context: { data: Float32Array.from({ length: 2 * 60 }, (_, i) => Math.cos(i)), shape: [2, 5, 12] },
      d_out: { data: Float32Array.from({ length: 2 * 128 }, (_, i) => Math.sin(3 * i)), shape: [2, 16, 8] },
    }
    const run = async (precision: 'fp32' | 'fp16') =>
      (await rt.session(await emitOnnxBytes(g, { weights: randomWeights(5, 0.5), precision }))).run(feeds)
    const [full, half] = [await run('fp32'), await run('fp16')]
    for (const name of ['out', 'attn2_probs', 'd_context']) {
      const [a, b] = [toFloat32(full[name]), toFloat32(half[name])]
      const err = Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / Math.max(...a.map(Math.abs))
      expect(err, name).toBeLessThan(1e-2)
    }
    expect(full.attn2_probs.shape).toEqual([2, 2, 16, 5])
  })

  it('copies outputs only when needed (a param or a repeated value as output)', async () => {
    const g = new Graph('o')
    const x = g.input('x', 'float32', [2])
    const y = g.neg(x)
    g.output('y', y)
    g.output('y_again', y)
    g.output('w', g.param('w', [2]))
    const m = onnx.ModelProto.decode(await emitOnnxBytes(g, { weights: () => Float32Array.from([3, 4]) }))
    expect(m.graph?.node?.map((n) => n.opType)).toEqual(['Neg', 'Identity']) // 'w' is the initializer itself
    const r = await (await testRuntime()).session(onnx.ModelProto.encode(m).finish())
    const out = await r.run({ x: { data: Float32Array.from([1, 2]), shape: [2] } })
    expect([...toFloat32(out.y_again), ...toFloat32(out.w)]).toEqual([-1, -2, 3, 4])
  })

  it('reports weights of the wrong size and graphs without outputs', async () => {
    const g = new Graph('m')
    g.output(
      'y',
      g.scope('conv_in', () => g.conv2d(g.input('x', 'float32', [1, 2, 4, 4]), g.param('weight', [3, 2, 1, 1]))),
    )
    await expect(emitOnnxBytes(g, { weights: () => new Float32Array(5) })).rejects.toThrow(
      "weight 'conv_in.weight' has 5 values, expected 6 for shape [3,2,1,1]",
    )
    await expect(emitOnnxBytes(new Graph('empty'), { weights: randomWeights() })).rejects.toThrow(
      'graph has no outputs',
    )
    expect(() => groupNorm(g, g.input('z', 'float32', [1, 6, 2, 2]), 4, g.param('a', [6]), g.param('b', [6]))).toThrow(
      'GroupNorm(4) needs channels divisible by 4',
    )
  })
})
