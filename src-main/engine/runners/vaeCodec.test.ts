import { describe, expect, it } from 'vitest'
import { rgbToSigned, signedToRgb } from './vaeCodec'

describe('VAE pixel conventions', () => {
  it('maps bytes to [-1, 1] planes (x/127.5 − 1) in channel-major order', () => {
    const rgb = Uint8Array.from([0, 255, 51, 255, 0, 204]) // two pixels, 2×1
    const chw = rgbToSigned(rgb, 2, 1)
    expect(Array.from(chw, (v) => +v.toFixed(4))).toEqual([-1, 1, 1, -1, -0.6, 0.6])
  })

  it('maps decoder output back with (x/2 + 0.5) clamped to [0, 1], rounded to bytes', () => {
    const chw = Float32Array.from([-1, 1, 3, -3, 0, 0.002]) // R plane, G plane, B plane of 2×1
    expect(Array.from(signedToRgb(chw, 2, 1))).toEqual([0, 255, 128, 255, 0, 128])
  })

  it('round-trips every byte value exactly', () => {
    const rgb = Uint8Array.from({ length: 256 * 3 }, (_, i) => i % 256)
    expect(signedToRgb(rgbToSigned(rgb, 256, 1), 256, 1)).toEqual(rgb)
  })
})
