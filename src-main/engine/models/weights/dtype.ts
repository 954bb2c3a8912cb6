// safetensors dtypes and the conversions we need: F16/BF16/F32/F64/ints → Float32Array when reading,
// Float32Array → F16/BF16/F32 when writing. Everything is little-endian, as the format requires.
import { endianness } from 'node:os'

/** Every dtype name the safetensors format defines (bytes per element; the F4/F6 kinds are sub-byte). */
const DTYPE_BITS = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  F64: 64,
  I64: 64,
  U64: 64,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
} as const

export type DType = keyof typeof DTYPE_BITS
/** The dtypes `toFloat32` can convert (8-bit floats and sub-byte kinds are not used by SD checkpoints). */
export type ReadableDType = 'F16' | 'BF16' | 'F32' | 'F64' | 'I8' | 'U8' | 'I16' | 'U16' | 'I32' | 'U32' | 'I64' | 'U64'
export type WritableDType = 'F16' | 'BF16' | 'F32'

export function isDType(name: string): name is DType {
  return Object.hasOwn(DTYPE_BITS, name)
}

export function dtypeBits(dtype: DType): number {
  return DTYPE_BITS[dtype]
}

/** Byte size of `numel` elements; undefined when sub-byte elements do not fill whole bytes. */
export function byteSize(dtype: DType, numel: number): number | undefined {
  const bits = DTYPE_BITS[dtype] * numel
  return bits % 8 === 0 ? bits / 8 : undefined
}

const READABLE = new Set<string>(['F16', 'BF16', 'F32', 'F64', 'I8', 'U8', 'I16', 'U16', 'I32', 'U32', 'I64', 'U64'])
export function isReadable(dtype: DType): dtype is ReadableDType {
  return READABLE.has(dtype)
}

if (endianness() !== 'LE') throw new Error('safetensors reading assumes a little-endian CPU')

// 65536-entry table: one lookup per half, exact for every value including subnormals, inf and NaN.
let halfTable: Float32Array | undefined
function halfToFloatTable(): Float32Array {
  if (halfTable) return halfTable
  halfTable = new Float32Array(65536)
  for (let h = 0; h < 65536; h++) halfTable[h] = decodeHalf(h)
  return halfTable
}

function decodeHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1
  const exp = (h >> 10) & 0x1f
  const frac = h & 0x3ff
  if (exp === 0) return sign * frac * 2 ** -24
  if (exp === 31) return frac ? NaN : sign * Infinity
  return sign * (1 + frac / 1024) * 2 ** (exp - 15)
}

/** Converts little-endian raw bytes of `dtype` to float32 values. */
export function toFloat32(dtype: ReadableDType, bytes: Uint8Array): Float32Array {
  const { buffer, byteOffset, byteLength } = alignedCopyIfNeeded(bytes, dtypeBits(dtype) / 8)
  switch (dtype) {
    case 'F32':
      return new Float32Array(buffer.slice(byteOffset, byteOffset + byteLength))
    case 'F16': {
      const src = new Uint16Array(buffer, byteOffset, byteLength / 2)
      const table = halfToFloatTable()
      const out = new Float32Array(src.length)
      for (let i = 0; i < src.length; i++) out[i] = table[src[i]]
      return out
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const src = new Uint16Array(buffer, byteOffset, byteLength / 2)
      const out = new Uint32Array(src.length)
      for (let i = 0; i < src.length; i++) out[i] = src[i] << 16
      return new Float32Array(out.buffer)
    }
    default:
      return Float32Array.from(integerOrDoubleView(dtype, buffer as ArrayBuffer, byteOffset, byteLength), Number)
  }
}

function integerOrDoubleView(dtype: ReadableDType, buffer: ArrayBuffer, offset: number, length: number) {
  const views = {
    F64: Float64Array,
    I8: Int8Array,
    U8: Uint8Array,
    I16: Int16Array,
    U16: Uint16Array,
    I32: Int32Array,
    U32: Uint32Array,
    I64: BigInt64Array,
    U64: BigUint64Array,
  } as const
  const View = views[dtype as keyof typeof views]
  return new View(buffer, offset, length / View.BYTES_PER_ELEMENT) as ArrayLike<number | bigint>
}

function alignedCopyIfNeeded(bytes: Uint8Array, align: number): Uint8Array {
  return bytes.byteOffset % align === 0 ? bytes : bytes.slice()
}

/** Converts float32 values to the raw little-endian bytes of `dtype` (round to nearest even). */
export function fromFloat32(dtype: WritableDType, values: Float32Array): Uint8Array {
  if (dtype === 'F32') return new Uint8Array(values.buffer, values.byteOffset, values.byteLength)
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length)
  const out = new Uint16Array(values.length)
  const encode = dtype === 'F16' ? floatBitsToHalf : floatBitsToBfloat
  for (let i = 0; i < bits.length; i++) out[i] = encode(bits[i])
  return new Uint8Array(out.buffer)
}

function floatBitsToBfloat(f: number): number {
  if ((f & 0x7f800000) === 0x7f800000 && f & 0x7fffff) return (f >>> 16) | 0x40 // keep NaN a NaN
  const roundingBias = 0x7fff + ((f >>> 16) & 1)
  return ((f + roundingBias) >>> 16) & 0xffff
}

/** IEEE float32 bits → float16 bits with round-to-nearest-even, overflow to ±inf, gradual underflow. */
export function floatBitsToHalf(f: number): number {
  const sign = (f >>> 16) & 0x8000
  const exp = (f >>> 23) & 0xff
  const mant = f & 0x7fffff
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0)
  const e = exp - 127 + 15
  if (e >= 31) return sign | 0x7c00
  if (e <= 0) {
    if (e < -10) return sign // too small even for a subnormal half
    const full = mant | 0x800000 // implicit leading 1
    const shift = 14 - e // 24-bit significand down to the subnormal's 10 bits
    return sign | roundShiftRight(full, shift)
  }
  // Normal half: a carry out of the mantissa correctly bumps the exponent (and can reach inf).
  return sign | ((e << 10) + roundShiftRight(mant, 13))
}

/** value >> shift, rounded to nearest with ties to even (value < 2^24, 1 <= shift <= 24). */
function roundShiftRight(value: number, shift: number): number {
  const kept = value >>> shift
  const rest = value & ((1 << shift) - 1)
  const half = 1 << (shift - 1)
  return rest > half || (rest === half && kept & 1) ? kept + 1 : kept
}
