// checkOp: the one-line op test. Builds a graph around one op (or a small composite), runs it through
// onnxruntime in float64 emission (ops without a CPU double kernel run in float32 inside), compares the
// forward with a plain-TypeScript reference, then checks the VJP against central finite differences
// along random directions: ⟨dL/dx, v⟩ ≈ (L(x + εv) − L(x − εv)) / 2ε with L = ⟨u, f(x)⟩.
import { expect } from 'vitest'
import { vjp } from '../../graph/autodiff'
import { Graph } from '../../graph/graph'
import { emitOnnxBytes } from '../../graph/onnx'
import { ops, type PrimOp } from '../../graph/ops'
import type { Arr } from '../../graph/testing/ref'
import type { Value } from '../../graph/types'
import { createRuntime, type Runtime } from '../runtime'
import type { Tensor, TensorLike } from '../../tensor'

export type InputSpec =
  | number[] // random normal float input of this shape
  | { shape: number[]; min: number; max: number } // uniform floats
  | { shape: number[]; values: number[] } // fixed floats
  | { int64: number[] } // 1-D indices
  | { shape: number[]; bool: number[] } // condition

/**
 * Compact input list: space-separated tokens, each '2x3' (normal floats), '+2x3' (uniform in [0.5, 2]),
 * 'i:2,0,1' (int64 indices) or 'b:1,0,1' (bool).
 */
export function parseInputs(spec: string): InputSpec[] {
  return spec.split(/\s+/).map((tok) => {
    const nums = (t: string, sep: string) => t.split(sep).map(Number)
    if (tok.startsWith('i:')) return { int64: nums(tok.slice(2), ',') }
    if (tok.startsWith('b:')) return { shape: [nums(tok.slice(2), ',').length], bool: nums(tok.slice(2), ',') }
    if (tok.startsWith('+')) return { shape: nums(tok.slice(1), 'x'), min: 0.5, max: 2 }
    return nums(tok, 'x')
  })
}

export interface OpUnderTest {
  /** Builds the op on the graph inputs. */
  op: (g: Graph, xs: Value[]) => Value | Value[]
  /** Reference forward on the same inputs (float64); omit to check the VJP only. */
  ref?: (xs: Arr[]) => Arr | Arr[]
}

export interface CheckOptions {
  /** Forward tolerance (relative + absolute). Default 1e-9, or 1e-5 when a float32-only op is involved. */
  tol?: number
  /** FD tolerance on the directional derivative (relative). Default 1e-6 / 2e-3 likewise. */
  gradTol?: number
  /** Input indices to differentiate (default: every float input that is not fixed). */
  wrt?: number[]
  /** Skip the VJP check (only for ops with no float inputs). */
  noVjp?: boolean
}

let shared: Promise<Runtime> | null = null
export const testRuntime = (): Promise<Runtime> => (shared ??= createRuntime({ provider: 'cpu', threads: 1 }))

export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

export const normal = (r: () => number) => () => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r())

interface Prepared {
  value: Value
  data: TensorLike
  ref: Arr
  float: boolean
}

function prepare(g: Graph, spec: InputSpec, i: number, rand: () => number): Prepared {
  if ('int64' in spec) {
    const data = { data: BigInt64Array.from(spec.int64.map(BigInt)), shape: [spec.int64.length] }
    return { value: g.input(`x${i}`, 'int64', data.shape), data, ref: arrOf(spec.int64, data.shape), float: false }
  }
  if ('bool' in spec) {
    const data = { data: Uint8Array.from(spec.bool), shape: spec.shape }
    return { value: g.input(`x${i}`, 'bool', spec.shape), data, ref: arrOf(spec.bool, spec.shape), float: false }
  }
  const shape = Array.isArray(spec) ? spec : spec.shape
  const n = shape.reduce((a, b) => a * b, 1)
  const gauss = normal(rand)
  const values = Array.from({ length: n }, (_, k) =>
    Array.isArray(spec) ? gauss() : 'values' in spec ? spec.values[k] : spec.min + (spec.max - spec.min) * rand(),
  )
  const data = { data: Float64Array.from(values), shape }
  return { value: g.input(`x${i}`, 'float32', shape), data, ref: arrOf(values, shape), float: true }
}

const isFixed = (s: InputSpec) => !Array.isArray(s) && 'values' in s
const arrOf = (v: ArrayLike<number>, shape: number[]): Arr => ({ shape: [...shape], data: Float64Array.from(v) })
const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x])
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0)

interface CheckGraph {
  bytes: Uint8Array
  /** The same graph emitted in fp16 (float32 boundary). */
  half: Uint8Array
  prepared: Prepared[]
  outs: Value[]
  wrt: number[]
  f32Only: boolean
}

/** Inputs x0…, outputs y0…, cotangent inputs dy0… and gradient outputs dx0… for each wrt input. */
async function buildCheckGraph(
  specs: InputSpec[],
  t: OpUnderTest,
  o: CheckOptions,
  rand: () => number,
): Promise<CheckGraph> {
  const g = new Graph('check')
  const prepared = specs.map((s, i) => prepare(g, s, i, rand))
  const outs = list(
    t.op(
      g,
      prepared.map((p) => p.value),
    ),
  )
  outs.forEach((y, k) => g.output(`y${k}`, y))
  const f32Only = g.nodes.some((n) => ops[n.op as PrimOp].noF64)
  const wrt = o.noVjp ? [] : (o.wrt ?? prepared.flatMap((p, i) => (p.float && !isFixed(specs[i]) ? [i] : [])))
  const cot = outs.map((y, k) => g.input(`dy${k}`, 'float32', y.shape))
  const wrtValues = wrt.map((i) => prepared[i].value)
  if (wrt.length) vjp(g, outs, wrtValues, cot).forEach((d, k) => g.output(`dx${k}`, d))
  const bytes = await emitOnnxBytes(g, { weights: noWeights, precision: 'fp64' })
  const half = await emitOnnxBytes(g, { weights: noWeights, precision: 'fp16' })
  return { bytes, half, prepared, outs, wrt, f32Only }
}

export async function checkOp(inputs: string | InputSpec[], t: OpUnderTest, o: CheckOptions = {}): Promise<void> {
  const specs = typeof inputs === 'string' ? parseInputs(inputs) : inputs
  const rand = rng(42)
  const { bytes, half, prepared, outs, wrt, f32Only } = await buildCheckGraph(specs, t, o, rand)
  const session = await (await testRuntime()).session(bytes)
  const feeds: Record<string, TensorLike> = {}
  prepared.forEach((p, i) => (feeds[`x${i}`] = p.data))
  const gauss = normal(rand)
  const us = outs.map((y) => Float64Array.from({ length: numel(y) }, gauss))
  us.forEach((u, k) => (feeds[`dy${k}`] = { data: u, shape: outs[k].shape as number[] }))
  const result = await session.run(feeds)
  if (t.ref) {
    const want = list(t.ref(prepared.map((p) => p.ref)))
    want.forEach((w, k) => expectClose(result[`y${k}`], w, o.tol ?? (f32Only ? 1e-5 : 1e-9), `output ${k}`))
  }
  // L = ⟨u, y⟩ and its rounding-noise scale Σ|u·y| (fp32 ops make the finite difference noisy).
  const loss = async (f: Record<string, TensorLike>) => {
    const r = await session.run(f)
    const ys = us.map((_, k) => r[`y${k}`].data as Float64Array)
    const value = us.reduce((s, u, k) => s + dot(u, ys[k]), 0)
    const scale = us.reduce((s, u, k) => s + u.reduce((a, uj, j) => a + Math.abs(uj * ys[k][j]), 0), 0)
    return { value, scale }
  }
  for (const [k, i] of wrt.entries()) {
    await checkDirection(feeds, `x${i}`, result[`dx${k}`], loss, f32Only, o.gradTol, rand)
  }
  await checkHalf(half, feeds, result)
}

/** The fp16 emission loads and runs on CPU and agrees with float64 to fp16 accuracy (outputs and grads). */
async function checkHalf(bytes: Uint8Array, feeds: Record<string, TensorLike>, full: Record<string, Tensor>) {
  const session = await (await testRuntime()).session(bytes)
  const asF32 = (t: TensorLike): TensorLike =>
    t.data instanceof Float64Array ? { data: Float32Array.from(t.data), shape: t.shape } : t
  const half = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, asF32(t)])))
  for (const [name, t] of Object.entries(half)) {
    const want = full[name].data as Float64Array
    const scale = Math.max(1, ...Array.from(want, Math.abs))
    const worst = Math.max(0, ...Array.from(t.data as Float32Array, (v, i) => Math.abs(v - want[i])))
    expect(worst / scale, `fp16 emission: ${name}`).toBeLessThan(2e-2)
  }
}

const numel = (v: Value) => (v.shape as number[]).reduce((a, b) => a * b, 1)
const noWeights = (): Float32Array => {
  throw new Error('checkOp graphs have no parameters')
}

async function checkDirection(
  feeds: Record<string, TensorLike>,
  name: string,
  grad: Tensor,
  loss: (f: Record<string, TensorLike>) => Promise<{ value: number; scale: number }>,
  f32Only: boolean,
  tol: number | undefined,
  rand: () => number,
): Promise<void> {
  const x = feeds[name].data as Float64Array
  const gauss = normal(rand)
  const [eps, unit] = f32Only ? [1e-2, 2e-7] : [1e-5, 1e-14] // step, output rounding (relative)
  for (let trial = 0; trial < 2; trial++) {
    const v = Float64Array.from(x, gauss)
    const at = (sign: number) => ({
      ...feeds,
      [name]: { ...feeds[name], data: x.map((xi, j) => xi + sign * eps * v[j]) },
    })
    const [plus, minus] = [await loss(at(1)), await loss(at(-1))]
    const fd = (plus.value - minus.value) / (2 * eps)
    const analytic = dot(grad.data as Float64Array, v)
    const noise = (unit * (plus.scale + minus.scale)) / (2 * eps)
    // Relative error after allowing for the finite difference's rounding noise.
    const err = Math.max(0, Math.abs(fd - analytic) - noise) / (Math.max(Math.abs(fd), Math.abs(analytic)) + 1e-12)
    const limit = tol ?? (f32Only ? 2e-3 : 1e-6)
    expect(err, `VJP of ${name}: analytic ${analytic} vs finite difference ${fd} (noise ${noise})`).toBeLessThan(limit)
  }
}

function expectClose(got: Tensor, want: Arr, tol: number, what: string): void {
  expect([...got.shape], `${what} shape`).toEqual(want.shape)
  const data = got.data as Float64Array
  let worst = 0
  let at = 0
  for (let i = 0; i < data.length; i++) {
    const err = Math.abs(data[i] - want.data[i]) / (1 + Math.abs(want.data[i]))
    if (!(err <= worst)) [worst, at] = [err, i]
  }
  expect(worst, `${what}: worst error at ${at}: got ${data[at]}, want ${want.data[at]}`).toBeLessThanOrEqual(tol)
}
