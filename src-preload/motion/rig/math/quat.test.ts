import { describe, expect, it } from 'vitest'
import {
  IDENTITY_QUAT,
  angleBetweenQuats,
  conjugateQuat,
  mirrorQuatX,
  mulQuat,
  quatFromAxisAngle,
  quatFromTo,
  rotateVec3,
  slerpQuat,
} from './quat'
import type { Vec3 } from './vec3'

const expectVec = (a: Vec3, b: Vec3, digits = 9) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], digits))

describe('quaternions', () => {
  it('rotates a vector a quarter turn about z', () => {
    expectVec(rotateVec3(quatFromAxisAngle([0, 0, 1], Math.PI / 2), [1, 0, 0]), [0, 1, 0])
  })

  it('composes right to left: (a·b)v = a(b v)', () => {
    const a = quatFromAxisAngle([1, 2, 3], 0.7)
    const b = quatFromAxisAngle([-2, 0.5, 1], 1.9)
    const v: Vec3 = [0.3, -1.2, 2]
    expectVec(rotateVec3(mulQuat(a, b), v), rotateVec3(a, rotateVec3(b, v)))
    expectVec(rotateVec3(mulQuat(conjugateQuat(a), a), v), v)
  })

  it('finds the shortest arc between directions, including opposite ones', () => {
    for (const [from, to] of [
      [
        [1, 0, 0],
        [0, 0, 1],
      ],
      [
        [0, 1, 0],
        [0, -1, 0],
      ],
      [
        [1, 2, 3],
        [1, 2, 3.0001],
      ],
    ] as [Vec3, Vec3][]) {
      const r = rotateVec3(quatFromTo(from, to), from)
      const len = Math.hypot(...to) / Math.hypot(...from)
      expectVec(r, [to[0] / len, to[1] / len, to[2] / len], 6)
    }
  })

  it('slerps at constant angular speed along the shorter arc', () => {
    const a = quatFromAxisAngle([0, 1, 0], 0.2)
    const b = quatFromAxisAngle([0, 1, 0], 2.2)
    expect(angleBetweenQuats(slerpQuat(a, b, 0), a)).toBeCloseTo(0, 6)
    expect(angleBetweenQuats(slerpQuat(a, b, 1), b)).toBeCloseTo(0, 6)
    expect(angleBetweenQuats(slerpQuat(a, b, 0.25), a)).toBeCloseTo(0.5, 6)
    const negB = b.map((x) => -x) as unknown as typeof b
    expect(angleBetweenQuats(slerpQuat(a, negB, 0.5), quatFromAxisAngle([0, 1, 0], 1.2))).toBeCloseTo(0, 6)
  })

  it('mirrors a rotation across x = 0 as an involution', () => {
    const q = quatFromAxisAngle([0.3, 0.5, -0.8], 1.1)
    const v: Vec3 = [0.4, 1, -0.2]
    const mirrored = rotateVec3(mirrorQuatX(q), [-v[0], v[1], v[2]])
    const direct = rotateVec3(q, v)
    expectVec(mirrored, [-direct[0], direct[1], direct[2]])
    expect(mirrorQuatX(mirrorQuatX(q))).toEqual(q)
    expect(mirrorQuatX(IDENTITY_QUAT)).toEqual([0, -0, -0, 1])
  })
})
