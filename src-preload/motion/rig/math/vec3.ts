// Plain-data 3-vectors. Immutable tuples so poses can be shared between history entries without copying.

export type Vec3 = readonly [number, number, number]

export const ZERO3: Vec3 = [0, 0, 0]

export const vec3 = (x: number, y: number, z: number): Vec3 => [x, y, z]
export const add3 = (a: Vec3, b: Vec3): Vec3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]]
export const sub3 = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]]
export const scale3 = (a: Vec3, s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s]
export const dot3 = (a: Vec3, b: Vec3): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
export const length3 = (a: Vec3): number => Math.hypot(a[0], a[1], a[2])
export const distance3 = (a: Vec3, b: Vec3): number => length3(sub3(a, b))

export const cross3 = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
]

export const lerp3 = (a: Vec3, b: Vec3, t: number): Vec3 => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
]

/** Unit vector along `a`, or `fallback` when `a` is too short to have a direction. */
export function normalize3(a: Vec3, fallback: Vec3 = [0, 1, 0]): Vec3 {
  const len = length3(a)
  return len > 1e-12 ? scale3(a, 1 / len) : fallback
}

/** Component of `a` orthogonal to the unit vector `axis`. */
export const reject3 = (a: Vec3, axis: Vec3): Vec3 => sub3(a, scale3(axis, dot3(a, axis)))

/** Any unit vector orthogonal to the unit vector `a`. */
export function anyOrthogonal3(a: Vec3): Vec3 {
  const helper: Vec3 = Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0]
  return normalize3(cross3(a, helper))
}
