// Unit quaternions as plain [x, y, z, w] tuples (the three.js component order, so they copy straight across).

import { anyOrthogonal3, cross3, dot3, normalize3, type Vec3 } from './vec3'

export type Quat = readonly [number, number, number, number]

export const IDENTITY_QUAT: Quat = [0, 0, 0, 1]

/** Hamilton product a·b: rotate by b first, then by a. */
export function mulQuat(a: Quat, b: Quat): Quat {
  const [ax, ay, az, aw] = a
  const [bx, by, bz, bw] = b
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ]
}

/** Inverse of a unit quaternion. */
export const conjugateQuat = (q: Quat): Quat => [-q[0], -q[1], -q[2], q[3]]

export const dotQuat = (a: Quat, b: Quat): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]

export function normalizeQuat(q: Quat): Quat {
  const len = Math.hypot(q[0], q[1], q[2], q[3])
  return len > 1e-12 ? [q[0] / len, q[1] / len, q[2] / len, q[3] / len] : IDENTITY_QUAT
}

export function quatFromAxisAngle(axis: Vec3, angle: number): Quat {
  const [x, y, z] = normalize3(axis)
  const s = Math.sin(angle / 2)
  return [x * s, y * s, z * s, Math.cos(angle / 2)]
}

/** Rotate vector v by unit quaternion q (q v q*), expanded to avoid building quaternions. */
export function rotateVec3(q: Quat, v: Vec3): Vec3 {
  const [qx, qy, qz, qw] = q
  const tx = 2 * (qy * v[2] - qz * v[1])
  const ty = 2 * (qz * v[0] - qx * v[2])
  const tz = 2 * (qx * v[1] - qy * v[0])
  return [
    v[0] + qw * tx + (qy * tz - qz * ty),
    v[1] + qw * ty + (qz * tx - qx * tz),
    v[2] + qw * tz + (qx * ty - qy * tx),
  ]
}

/** Shortest-arc rotation taking direction `from` onto direction `to` (both need not be unit). */
export function quatFromTo(from: Vec3, to: Vec3): Quat {
  const a = normalize3(from)
  const b = normalize3(to)
  const d = dot3(a, b)
  if (d < -1 + 1e-9) {
    // Opposite directions: any axis orthogonal to `a` gives a half turn.
    const [x, y, z] = anyOrthogonal3(a)
    return [x, y, z, 0]
  }
  const [cx, cy, cz] = cross3(a, b)
  return normalizeQuat([cx, cy, cz, 1 + d])
}

/**
 * Spherical linear interpolation along the shorter arc (q and −q are the same rotation, so the sign of the
 * dot product picks the arc). Falls back to normalised lerp when the two are nearly equal.
 */
export function slerpQuat(a: Quat, b: Quat, t: number): Quat {
  let cos = dotQuat(a, b)
  let end = b
  if (cos < 0) {
    cos = -cos
    end = [-b[0], -b[1], -b[2], -b[3]]
  }
  if (cos > 0.9995) {
    return normalizeQuat([
      a[0] + (end[0] - a[0]) * t,
      a[1] + (end[1] - a[1]) * t,
      a[2] + (end[2] - a[2]) * t,
      a[3] + (end[3] - a[3]) * t,
    ])
  }
  const theta = Math.acos(cos)
  const sin = Math.sin(theta)
  const wa = Math.sin((1 - t) * theta) / sin
  const wb = Math.sin(t * theta) / sin
  return [wa * a[0] + wb * end[0], wa * a[1] + wb * end[1], wa * a[2] + wb * end[2], wa * a[3] + wb * end[3]]
}

/** Angle in radians of the rotation between two unit quaternions (0 … π). */
export function angleBetweenQuats(a: Quat, b: Quat): number {
  return 2 * Math.acos(Math.min(1, Math.abs(dotQuat(a, b))))
}

/**
 * Conjugate a rotation by the mirror x → −x: the rotation a mirrored body performs. Reflecting across the
 * YZ plane keeps the x component of the axis and flips y and z (an axial vector changes sign under reflection).
 */
export const mirrorQuatX = (q: Quat): Quat => [q[0], -q[1], -q[2], q[3]]
