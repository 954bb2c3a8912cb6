// Plain-TypeScript reference implementations of the primitives on small float64 arrays (tests only).
// Written for clarity, not speed: index arithmetic over row-major arrays.

export interface Arr {
  shape: number[]
  data: Float64Array
}

export const arr = (shape: number[], data: ArrayLike<number>): Arr => ({ shape, data: Float64Array.from(data) })
const size = (s: number[]) => s.reduce((a, b) => a * b, 1)

function unravel(i: number, shape: number[]): number[] {
  const idx = new Array<number>(shape.length)
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]
    i = Math.floor(i / shape[d])
  }
  return idx
}

const ravel = (idx: number[], shape: number[]) => idx.reduce((acc, v, d) => acc * shape[d] + v, 0)

/** Builds an array of `shape` from a function of the multi-index. */
export function make(shape: number[], f: (idx: number[]) => number): Arr {
  const data = new Float64Array(size(shape))
  for (let i = 0; i < data.length; i++) data[i] = f(unravel(i, shape))
  return { shape, data }
}

/** Value of `a` at a broadcast index of the (longer) output rank. */
function at(a: Arr, idx: number[]): number {
  const off = idx.length - a.shape.length
  return a.data[
    ravel(
      a.shape.map((d, k) => (d === 1 ? 0 : idx[k + off])),
      a.shape,
    )
  ]
}

function broadcastShape(...ss: number[][]): number[] {
  const r = Math.max(...ss.map((s) => s.length))
  return Array.from({ length: r }, (_, i) => Math.max(...ss.map((s) => s[s.length - r + i] ?? 1)))
}

export const map = (a: Arr, f: (x: number) => number): Arr => ({ shape: a.shape, data: a.data.map(f) })
export function zip(a: Arr, b: Arr, f: (x: number, y: number) => number): Arr {
  return make(broadcastShape(a.shape, b.shape), (i) => f(at(a, i), at(b, i)))
}
export function where(c: Arr, a: Arr, b: Arr): Arr {
  return make(broadcastShape(c.shape, a.shape, b.shape), (i) => (at(c, i) ? at(a, i) : at(b, i)))
}
export const expand = (a: Arr, shape: number[]): Arr => make(broadcastShape(a.shape, shape), (i) => at(a, i))

export function erf(x: number): number {
  // Abramowitz–Stegun 7.1.26 is too coarse for 1e-6 checks: use the Taylor / continued-fraction pair.
  if (Math.abs(x) < 2.5) {
    let sum = x
    let term = x
    for (let n = 1; n < 60; n++) {
      term *= (-x * x) / n
      sum += term / (2 * n + 1)
    }
    return (2 / Math.sqrt(Math.PI)) * sum
  }
  let f = 0
  for (let n = 60; n >= 1; n--) f = n / 2 / (Math.abs(x) + f)
  const erfc = Math.exp(-x * x) / Math.sqrt(Math.PI) / (Math.abs(x) + f)
  return Math.sign(x) * (1 - erfc)
}

export function matmul(a: Arr, b: Arr): Arr {
  const [m, k] = a.shape.slice(-2)
  const n = b.shape[b.shape.length - 1]
  const batch = broadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2))
  return make([...batch, m, n], (i) => {
    const bi = i.slice(0, -2)
    let s = 0
    for (let t = 0; t < k; t++) s += at(a, [...bi, i[i.length - 2], t]) * at(b, [...bi, t, i[i.length - 1]])
    return s
  })
}

export const transpose = (a: Arr, perm: number[]): Arr => {
  const shape = perm.map((p) => a.shape[p])
  return make(
    shape,
    (i) =>
      a.data[
        ravel(
          perm.map((_, d) => i[perm.indexOf(d)]),
          a.shape,
        )
      ],
  )
}

export interface ConvRef {
  stride: [number, number]
  pads: [number, number, number, number]
  dilation: [number, number]
  groups: number
}

/** Direct convolution: y[n,o,y,x] = b[o] + Σ x[n, g·Cin/g + c, y·s + i·d − p, …]·w[o, c, i, j]. */
export function conv2d(x: Arr, w: Arr, b: Arr | null, o: ConvRef): Arr {
  const [n, , h, wd] = x.shape
  const [cout, cpg, kh, kw] = w.shape
  const oh = Math.floor((h + o.pads[0] + o.pads[2] - o.dilation[0] * (kh - 1) - 1) / o.stride[0]) + 1
  const ow = Math.floor((wd + o.pads[1] + o.pads[3] - o.dilation[1] * (kw - 1) - 1) / o.stride[1]) + 1
  const opg = cout / o.groups
  return make([n, cout, oh, ow], ([b0, oc, yy, xx]) => {
    let s = b ? b.data[oc] : 0
    const g = Math.floor(oc / opg)
    for (let c = 0; c < cpg; c++)
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++) {
          const iy = yy * o.stride[0] + i * o.dilation[0] - o.pads[0]
          const ix = xx * o.stride[1] + j * o.dilation[1] - o.pads[1]
          if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue
          s += x.data[ravel([b0, g * cpg + c, iy, ix], x.shape)] * w.data[ravel([oc, c, i, j], w.shape)]
        }
    return s
  })
}

/** Transposed convolution by scattering each input element: the adjoint of conv2d. */
export function convTranspose2d(x: Arr, w: Arr, b: Arr | null, o: ConvRef & { outPad: [number, number] }): Arr {
  const [n, cin, h, wd] = x.shape
  const [, opg, kh, kw] = w.shape
  const cout = opg * o.groups
  const oh = o.stride[0] * (h - 1) + o.outPad[0] + o.dilation[0] * (kh - 1) + 1 - o.pads[0] - o.pads[2]
  const ow = o.stride[1] * (wd - 1) + o.outPad[1] + o.dilation[1] * (kw - 1) + 1 - o.pads[1] - o.pads[3]
  const out = make([n, cout, oh, ow], ([, oc]) => (b ? b.data[oc] : 0))
  const cpg = cin / o.groups
  for (let i0 = 0; i0 < x.data.length; i0++) {
    const [b0, c, yy, xx] = unravel(i0, x.shape)
    const g = Math.floor(c / cpg)
    for (let oc = 0; oc < opg; oc++)
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++) {
          const oy = yy * o.stride[0] + i * o.dilation[0] - o.pads[0]
          const ox = xx * o.stride[1] + j * o.dilation[1] - o.pads[1]
          if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue
          out.data[ravel([b0, g * opg + oc, oy, ox], out.shape)] += x.data[i0] * w.data[ravel([c, oc, i, j], w.shape)]
        }
  }
  return out
}

export function concat(as: Arr[], axis: number): Arr {
  const shape = [...as[0].shape]
  shape[axis] = as.reduce((s, a) => s + a.shape[axis], 0)
  return make(shape, (i) => {
    let k = i[axis]
    for (const a of as) {
      if (k < a.shape[axis])
        return a.data[
          ravel(
            i.map((v, d) => (d === axis ? k : v)),
            a.shape,
          )
        ]
      k -= a.shape[axis]
    }
    throw new Error('unreachable')
  })
}

export function slice(a: Arr, axis: number, start: number, end: number): Arr {
  const shape = a.shape.map((d, k) => (k === axis ? end - start : d))
  return make(
    shape,
    (i) =>
      a.data[
        ravel(
          i.map((v, d) => (d === axis ? v + start : v)),
          a.shape,
        )
      ],
  )
}

export function pad(a: Arr, pads: number[]): Arr {
  const r = a.shape.length
  const shape = a.shape.map((d, k) => d + pads[k] + pads[k + r])
  return make(shape, (i) => {
    const src = i.map((v, d) => v - pads[d])
    return src.every((v, d) => v >= 0 && v < a.shape[d]) ? a.data[ravel(src, a.shape)] : 0
  })
}

export const gather = (a: Arr, idx: number[]): Arr =>
  make([idx.length, ...a.shape.slice(1)], (i) => a.data[ravel([idx[i[0]], ...i.slice(1)], a.shape)])

export function scatterAdd(base: Arr, idx: number[], upd: Arr): Arr {
  const out = { shape: base.shape, data: base.data.slice() }
  const row = size(base.shape.slice(1))
  idx.forEach((r, k) => {
    for (let t = 0; t < row; t++) out.data[r * row + t] += upd.data[k * row + t]
  })
  return out
}

export function reduce(a: Arr, axes: number[], keepdims: boolean, mean = false): Arr {
  const kept = a.shape.map((d, k) => (axes.includes(k) ? 1 : d))
  const count = size(axes.map((k) => a.shape[k]))
  const out = make(kept, () => 0)
  for (let i = 0; i < a.data.length; i++) {
    const idx = unravel(i, a.shape).map((v, k) => (axes.includes(k) ? 0 : v))
    out.data[ravel(idx, kept)] += a.data[i] / (mean ? count : 1)
  }
  return keepdims ? out : { shape: a.shape.filter((_, k) => !axes.includes(k)), data: out.data }
}

export function softmax(a: Arr, axis: number): Arr {
  const e = map(a, Math.exp)
  const sum = reduce(e, [axis], true)
  return zip(e, sum, (x, s) => x / s)
}

/** Normalises over `axes` with biased variance, then ·scale + bias (broadcast as given). */
export function normalize(x: Arr, axes: number[], eps: number, scale: Arr, bias: Arr): Arr {
  const mean = reduce(x, axes, true, true)
  const cent = zip(x, mean, (a, m) => a - m)
  const v = reduce(
    map(cent, (c) => c * c),
    axes,
    true,
    true,
  )
  const normed = zip(cent, v, (c, vv) => c / Math.sqrt(vv + eps))
  return zip(
    zip(normed, scale, (a, s) => a * s),
    bias,
    (a, b) => a + b,
  )
}

export function resizeNearest(a: Arr, s: number): Arr {
  const [n, c, h, w] = a.shape
  return make(
    [n, c, h * s, w * s],
    ([b, ch, y, x]) => a.data[ravel([b, ch, Math.floor(y / s), Math.floor(x / s)], a.shape)],
  )
}
