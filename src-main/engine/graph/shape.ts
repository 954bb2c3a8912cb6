// Shape arithmetic with symbolic dimensions. A symbolic dim is a monomial string such as 'N' or '8*N';
// anything else (e.g. 'N+3' from a concat) is kept as an opaque atom. Equality is string equality.
import { type Dim, type Shape, ShapeError, shapeStr } from './types'

interface Monomial {
  coef: number
  syms: string[]
}

function parseDim(d: Dim): Monomial {
  if (typeof d === 'number') return { coef: d, syms: [] }
  if (d.includes('+')) return { coef: 1, syms: [d] }
  let coef = 1
  const syms: string[] = []
  for (const part of d.split('*')) {
    if (/^\d+$/.test(part)) coef *= Number(part)
    else syms.push(part)
  }
  return { coef, syms: syms.sort() }
}

function formatDim({ coef, syms }: Monomial): Dim {
  if (syms.length === 0) return coef
  if (coef === 1) return syms.join('*')
  return [String(coef), ...syms].join('*')
}

export function isStaticDim(d: Dim): d is number {
  return typeof d === 'number'
}

export function isStatic(shape: Shape): shape is readonly number[] {
  return shape.every(isStaticDim)
}

export function dimMul(a: Dim, b: Dim): Dim {
  const x = parseDim(a)
  const y = parseDim(b)
  return formatDim({ coef: x.coef * y.coef, syms: [...x.syms, ...y.syms].sort() })
}

/** Exact division of a dim by an integer ('2*N' / 2 = 'N'); throws when it does not divide. */
export function dimDiv(a: Dim, n: number): Dim {
  const m = parseDim(a)
  if (m.coef % n !== 0) throw new ShapeError(`dim ${a} is not divisible by ${n}`)
  return formatDim({ coef: m.coef / n, syms: m.syms })
}

export function dimAdd(a: Dim, b: Dim): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a + b
  if (a === 0 || b === 0) return a === 0 ? b : a
  const x = parseDim(a)
  const y = parseDim(b)
  if (x.syms.join('*') === y.syms.join('*')) return formatDim({ coef: x.coef + y.coef, syms: x.syms })
  return `${a}+${b}`
}

/** Product of all dims (static count if no symbols). */
export function numel(shape: Shape): Dim {
  return shape.reduce<Dim>((acc, d) => dimMul(acc, d), 1)
}

export function staticNumel(shape: Shape): number {
  const n = numel(shape)
  if (typeof n !== 'number') throw new ShapeError(`shape ${shapeStr(shape)} is not static`)
  return n
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

export function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis
  if (a < 0 || a >= rank) throw new ShapeError(`axis ${axis} out of range for rank ${rank}`)
  return a
}

/** Numpy broadcasting of any number of shapes. */
export function broadcastShapes(...shapes: Shape[]): Dim[] {
  const rank = Math.max(...shapes.map((s) => s.length))
  const out: Dim[] = []
  for (let i = 0; i < rank; i++) {
    let dim: Dim = 1
    for (const s of shapes) {
      const d = s[s.length - rank + i] ?? 1
      if (d === 1 || d === dim) continue
      if (dim !== 1) throw new ShapeError(`cannot broadcast ${shapes.map(shapeStr).join(' with ')}`)
      dim = d
    }
    out.push(dim)
  }
  return out
}

/**
 * Resolves a reshape target (numbers, at most one -1, symbolic names) against the input shape.
 * Returns the output shape with -1 replaced by the inferred (possibly symbolic) dim.
 */
export function resolveReshape(input: Shape, target: Shape): Dim[] {
  const inM = parseDim(numel(input))
  const known = target.filter((d) => d !== -1)
  const holes = target.length - known.length
  if (holes > 1) throw new ShapeError(`reshape target ${shapeStr(target)} has more than one -1`)
  const tM = parseDim(numel(known))
  const rest = [...inM.syms]
  for (const s of tM.syms) {
    const at = rest.indexOf(s)
    if (at < 0) throw new ShapeError(`cannot reshape ${shapeStr(input)} to ${shapeStr(target)}: '${s}' not in input`)
    rest.splice(at, 1)
  }
  const fail = () => new ShapeError(`cannot reshape ${shapeStr(input)} to ${shapeStr(target)}`)
  if (holes === 0) {
    if (rest.length > 0 || inM.coef !== tM.coef) throw fail()
    return [...target]
  }
  if (tM.coef === 0 || inM.coef % tM.coef !== 0) throw fail()
  const inferred = formatDim({ coef: inM.coef / tM.coef, syms: rest })
  return target.map((d) => (d === -1 ? inferred : d))
}

/** The int64 target ONNX Reshape needs: symbolic dims kept in place become 0 (copy), one other becomes -1. */
export function onnxReshapeTarget(input: Shape, output: Shape): number[] {
  const spec = output.map((d, i) => (typeof d === 'number' ? d : input[i] === d ? 0 : -1))
  if (spec.filter((d) => d === -1).length > 1) {
    throw new ShapeError(
      `reshape ${shapeStr(input)} → ${shapeStr(output)} moves more than one symbolic dim; reshape in two steps`,
    )
  }
  if (output.some((d) => d === 0)) throw new ShapeError(`reshape to an empty dim is not supported`)
  return spec
}

/** The int64 shape ONNX Expand needs: a symbolic dim must already be in the input, at the same place. */
export function onnxExpandTarget(input: Shape, target: Shape): number[] {
  const offset = target.length - input.length
  return target.map((d, i) => {
    if (typeof d === 'number') return d
    if (input[i - offset] === d) return 1
    throw new ShapeError(`cannot expand ${shapeStr(input)} to ${shapeStr(target)}: '${d}' not in input`)
  })
}

export function inversePerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length)
  perm.forEach((p, i) => (inv[p] = i))
  return inv
}
