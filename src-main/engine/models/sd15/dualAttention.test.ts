// Masked (MGDM) and dual-consistency attention on tiny shapes against a plain-TypeScript reference:
// region softmaxes with the empty-region fallback, the query-mask blend, per-element MGDM switch, the
// batch gathers of frame 0 / previous frame and λ normalisation, and the nearest mask resize.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Graph } from '../../graph/graph'
import { emitOnnxBytes } from '../../graph/onnx'
import { createRuntime, type Runtime, tensor, toFloat32 } from '../../runtime'
import type { AttentionSite } from './blocks'
import { dualAttentionHooks, maskedAttention, maskTokens } from './dualAttention'

type Mat = number[][] // [rows][cols]

function random(seed: number): () => number {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1
}
const fill = (n: number, rnd: () => number) => Array.from({ length: n }, rnd)
const rows = (flat: ArrayLike<number>, n: number, c: number, b: number): Mat =>
  Array.from({ length: n }, (_, i) => Array.from({ length: c }, (_, j) => flat[(b * n + i) * c + j]))

/** softmax(q·kᵀ/√d over the keys where `use`)·v per head; all keys when none is used. */
function regionAttention(q: Mat, k: Mat, v: Mat, use: boolean[], heads: number): Mat {
  const keys = use.some(Boolean) ? use : use.map(() => true)
  const d = q[0].length / heads
  return q.map((qi) => {
    const out = new Array<number>(qi.length).fill(0)
    for (let hd = 0; hd < heads; hd++) {
      const cols = Array.from({ length: d }, (_, j) => hd * d + j)
      const s = k.map((kj, j) => (keys[j] ? cols.reduce((a, c) => a + qi[c] * kj[c], 0) / Math.sqrt(d) : -Infinity))
      const max = Math.max(...s)
      const e = s.map((x) => Math.exp(x - max))
      const z = e.reduce((a, b) => a + b, 0)
      e.forEach((p, j) => cols.forEach((c) => (out[c] += (p / z) * v[j][c])))
    }
    return out
  })
}

/** M ⊙ Attn(character keys) + (1 − M) ⊙ Attn(background keys). */
function maskedRef(q: Mat, k: Mat, v: Mat, keyMask: number[], queryMask: number[], heads: number): Mat {
  const c = regionAttention(
    q,
    k,
    v,
    keyMask.map((m) => m === 1),
    heads,
  )
  const b = regionAttention(
    q,
    k,
    v,
    keyMask.map((m) => m === 0),
    heads,
  )
  return c.map((row, i) => row.map((x, j) => queryMask[i] * x + (1 - queryMask[i]) * b[i][j]))
}

let runtime: Runtime
beforeAll(async () => {
  runtime = await createRuntime({ provider: 'cpu', threads: 1 })
})
afterAll(() => runtime.dispose())

async function run(g: Graph, feeds: Parameters<Awaited<ReturnType<Runtime['session']>>['run']>[0]) {
  const session = await runtime.session(await emitOnnxBytes(g, { weights: () => new Float32Array(0) }))
  return toFloat32((await session.run(feeds)).out)
}

const expectNear = (actual: ArrayLike<number>, expected: number[], tol = 1e-5) =>
  expected.forEach((e, i) => expect(Math.abs(actual[i] - e), `element ${i}: ${actual[i]} vs ${e}`).toBeLessThan(tol))

describe('maskedAttention', () => {
  it('matches the reference, including an element whose background region is empty', async () => {
    const [B, N, C, heads] = [2, 6, 4, 2]
    const rnd = random(7)
    const [q, k, v] = [fill(B * N * C, rnd), fill(B * N * C, rnd), fill(B * N * C, rnd)]
    const keyMask = [1, 0, 1, 1, 0, 0, ...[1, 1, 1, 1, 1, 1]] // element 1: every key is character
    const queryMask = [1, 1, 0, 1, 0, 0, ...[0, 1, 0, 0, 1, 1]]
    const g = new Graph('t')
    const [qv, kv, vv] = ['q', 'k', 'v'].map((name) => g.input(name, 'float32', [B, N, C]))
    const km = g.input('key_mask', 'float32', [B, N])
    const qm = g.input('query_mask', 'float32', [B, N, 1])
    g.output('out', maskedAttention(g, qv, kv, vv, km, qm, heads))
    const out = await run(g, {
      q: tensor.f32(q, [B, N, C]),
      k: tensor.f32(k, [B, N, C]),
      v: tensor.f32(v, [B, N, C]),
      key_mask: tensor.f32(keyMask, [B, N]),
      query_mask: tensor.f32(queryMask, [B, N, 1]),
    })
    const expected = [0, 1].flatMap((b) =>
      maskedRef(
        rows(q, N, C, b),
        rows(k, N, C, b),
        rows(v, N, C, b),
        keyMask.slice(b * N, b * N + N),
        queryMask.slice(b * N, b * N + N),
        heads,
      ).flat(),
    )
    expectNear(out, expected)
  })
})

describe('maskTokens', () => {
  it('resizes nearest (first pixel of every block) and flattens to tokens', async () => {
    const g = new Graph('t')
    g.output('out', maskTokens(g, g.input('m', 'float32', ['B', 1, 4, 4]), 2, 2))
    const m = Array.from({ length: 16 }, (_, i) => i)
    expect(Array.from(await run(g, { m: tensor.f32(m, [1, 1, 4, 4]) }))).toEqual([0, 2, 8, 10])
  })
})

describe('dual-consistency attention hook', () => {
  it('mixes frame 0, previous and own frame with normalised λ, MGDM per query element', async () => {
    const [B, N, C, heads, side] = [3, 4, 4, 2, 2]
    const rnd = random(11)
    const [q, k, v] = [fill(B * N * C, rnd), fill(B * N * C, rnd), fill(B * N * C, rnd)]
    const masks = [1, 0, 0, 1, ...[1, 1, 0, 0], ...[0, 1, 1, 1]]
    const [frame0, prev, mgdm, lambda] = [
      [0, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
      [1.4, 0.3, 0.3],
    ]
    const g = new Graph('unet')
    const [qv, kv, vv] = ['q', 'k', 'v'].map((name) => g.input(name, 'float32', ['B', N, C]))
    const hooks = dualAttentionHooks({
      frame0: g.input('frame0', 'int64', ['B']),
      prev: g.input('prev', 'int64', ['B']),
      weights: g.input('weights', 'float32', [3]),
      mask: g.input('mask', 'float32', ['B', 1, side, side]),
      mgdm: g.input('mgdm', 'float32', ['B']),
    })
    const site: AttentionSite = {
      model: 'unet',
      module: 'up_blocks.1.attentions.0.transformer_blocks.0.attn1',
      kind: 'self',
      height: side,
      width: side,
      heads,
    }
    const out = hooks.selfAttention?.(g, site, qv, kv, vv)
    expect(
      hooks.selfAttention?.(
        g,
        { ...site, module: 'down_blocks.0.attentions.0.transformer_blocks.0.attn1' },
        qv,
        kv,
        vv,
      ),
    ).toBeUndefined()
    g.output('out', out as NonNullable<typeof out>)
    const result = await run(g, {
      q: tensor.f32(q, [B, N, C]),
      k: tensor.f32(k, [B, N, C]),
      v: tensor.f32(v, [B, N, C]),
      frame0: tensor.i64(frame0),
      prev: tensor.i64(prev),
      weights: tensor.f32(lambda, [3]),
      mask: tensor.f32(masks, [B, 1, side, side]),
      mgdm: tensor.f32(mgdm, [B]),
    })
    const sum = lambda.reduce((a, b) => a + b, 0)
    const expected = [0, 1, 2].flatMap((b) => {
      const mask = (f: number) => (mgdm[b] ? masks.slice(f * N, f * N + N) : new Array<number>(N).fill(1))
      const term = (f: number) =>
        maskedRef(rows(q, N, C, b), rows(k, N, C, f), rows(v, N, C, f), mask(f), masks.slice(b * N, b * N + N), heads)
      const parts = [term(frame0[b]), term(prev[b]), term(b)]
      return parts[0].flatMap((row, i) =>
        row.map((_, j) => parts.reduce((a, p, t) => a + (lambda[t] / sum) * p[i][j], 0)),
      )
    })
    expectNear(result, expected)
  })
})
