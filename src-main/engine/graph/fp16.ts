// IEEE 754 half precision as Uint16Array bits (Node 20 has no Float16Array).
// float → half rounds to nearest, ties to even; overflow gives ±Infinity; NaN stays NaN.

const f32 = new Float32Array(1)
const u32 = new Uint32Array(f32.buffer)

/** Half bits of one number. */
export function toHalfBits(x: number): number {
  f32[0] = x
  return halfFromFloatBits(u32[0])
}

/** Half bits from the IEEE single-precision bit pattern `b`. */
function halfFromFloatBits(b: number): number {
  const sign = (b >>> 16) & 0x8000
  const exp = (b >>> 23) & 0xff
  const mant = b & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 112 // rebias 127 → 15
  if (e >= 0x1f) return sign | 0x7c00
  if (e <= 0) {
    // Subnormal half: value = m · 2^-24, m = full mantissa >> (14 − e).
    if (e < -10) return sign
    return sign | roundShift(mant | 0x800000, 14 - e)
  }
  // A carry out of the mantissa bumps the exponent, and from 0x7bff rounds to Infinity, as it should.
  return sign | ((e << 10) + roundShift(mant, 13))
}

function roundShift(value: number, shift: number): number {
  const kept = value >>> shift
  const rem = value & ((1 << shift) - 1)
  const half = 1 << (shift - 1)
  return kept + (rem > half || (rem === half && kept & 1) ? 1 : 0)
}

let table: Float32Array | null = null

/** Float value of every half bit pattern (256 KiB, built on first use). */
function halfTable(): Float32Array {
  if (table) return table
  table = new Float32Array(65536)
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1
    const e = (h >> 10) & 0x1f
    const m = h & 0x3ff
    if (e === 0) table[h] = sign * m * 2 ** -24
    else if (e === 31) table[h] = m ? NaN : sign * Infinity
    else table[h] = sign * (1 + m / 1024) * 2 ** (e - 15)
  }
  return table
}

export function fromHalfBits(h: number): number {
  return halfTable()[h & 0xffff]
}

export function float32ToFloat16(src: ArrayLike<number>): Uint16Array {
  const f = src instanceof Float32Array ? src : Float32Array.from(src)
  const bits = new Uint32Array(f.buffer, f.byteOffset, f.length)
  const out = new Uint16Array(f.length)
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]
    const exp = (b >>> 23) & 0xff
    if (exp <= 112 || exp >= 143) {
      out[i] = halfFromFloatBits(b) // zero, subnormal, overflow, inf, NaN
      continue
    }
    // Normal half (inlined fast path): round the 23-bit mantissa to 10 bits, ties to even.
    const mant = b & 0x7fffff
    const h = ((b >>> 16) & 0x8000) | ((exp - 112) << 10) | (mant >>> 13)
    const rem = mant & 0x1fff
    out[i] = rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1) ? h + 1 : h
  }
  return out
}

export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const t = halfTable()
  const out = new Float32Array(bits.length)
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]]
  return out
}
