import { describe, expect, it } from 'vitest'
import { floatBitsToHalf, fromFloat32, toFloat32 } from './dtype'

const halves = (...h: number[]) => new Uint8Array(Uint16Array.from(h).buffer)
const floatBits = (x: number) => new Uint32Array(Float32Array.of(x).buffer)[0]

describe('F16 / BF16 conversion', () => {
  it('decodes normal, subnormal, infinite and NaN halves', () => {
    const out = toFloat32('F16', halves(0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0xfc00, 0x7e00, 0x8000))
    expect([...out.slice(0, 6)]).toEqual([1, -2, 65504, 2 ** -24, Infinity, -Infinity])
    expect(Number.isNaN(out[6])).toBe(true)
    expect(Object.is(out[7], -0)).toBe(true)
  })

  it('round-trips every non-NaN half exactly', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i)
    const floats = toFloat32('F16', new Uint8Array(all.buffer))
    const back = new Uint16Array(fromFloat32('F16', floats).buffer)
    for (let h = 0; h < 65536; h++) if (!Number.isNaN(floats[h])) expect(back[h]).toBe(h)
  })

  it('rounds float32 to the nearest half, ties to even, overflowing to infinity', () => {
    expect(floatBitsToHalf(floatBits(1 + 2 ** -11))).toBe(0x3c00) // tie → even mantissa
    expect(floatBitsToHalf(floatBits(1 + 3 * 2 ** -11))).toBe(0x3c02) // tie → even (up)
    expect(floatBitsToHalf(floatBits(65519))).toBe(0x7bff)
    expect(floatBitsToHalf(floatBits(65520))).toBe(0x7c00)
    expect(floatBitsToHalf(floatBits(2 ** -25))).toBe(0) // exactly half the smallest subnormal: tie → 0
    expect(floatBitsToHalf(floatBits(1.5 * 2 ** -25))).toBe(1)
    expect(floatBitsToHalf(floatBits(NaN)) & 0x7c00).toBe(0x7c00)
  })

  it('converts bfloat16 both ways with ties to even', () => {
    const values = Float32Array.of(1, -2.5, 3.140625, 1 + 2 ** -8, 1 + 3 * 2 ** -8)
    const back = toFloat32('BF16', fromFloat32('BF16', values))
    expect([...back]).toEqual([1, -2.5, 3.140625, 1, 1 + 2 ** -6])
  })

  it('converts integer and double dtypes, and unaligned F32 bytes', () => {
    expect([...toFloat32('I64', new Uint8Array(BigInt64Array.of(-3n, 981n).buffer))]).toEqual([-3, 981])
    expect([...toFloat32('F64', new Uint8Array(Float64Array.of(0.5).buffer))]).toEqual([0.5])
    const shifted = new Uint8Array(9)
    shifted.set(new Uint8Array(Float32Array.of(1.25, -7).buffer), 1)
    expect([...toFloat32('F32', shifted.subarray(1))]).toEqual([1.25, -7])
  })
})
