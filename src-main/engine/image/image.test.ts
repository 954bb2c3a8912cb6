import jpeg from 'jpeg-js'
import { describe, expect, it } from 'vitest'
import { UserError } from '../errors'
import { decodeImage } from './decode'
import { encodePng } from './encode'
import { applyOrientation } from './exifOrientation'
import { resizeGray, resizeRgb } from './resize'
import { createGrayImage, createRgbImage } from './rgbImage'

function gradient(width: number, height: number) {
  const image = createRgbImage(width, height)
  for (let i = 0; i < width * height; i++) image.data.set([i % 256, (i * 7) % 256, 255 - (i % 256)], i * 3)
  return image
}

describe('decode / encode', () => {
  it('round-trips RGB through PNG losslessly', () => {
    const image = gradient(13, 7)
    const decoded = decodeImage(encodePng(image))
    expect(decoded.format).toBe('png')
    expect(decoded.alpha).toBeNull()
    expect(decoded.image).toEqual(image)
  })

  it('decodes JPEG to RGB close to the source', () => {
    const image = gradient(16, 16)
    const rgba = Buffer.alloc(16 * 16 * 4, 255)
    for (let i = 0; i < 256; i++) rgba.set(image.data.subarray(i * 3, i * 3 + 3), i * 4)
    const bytes = jpeg.encode({ width: 16, height: 16, data: rgba }, 100).data
    const decoded = decodeImage(bytes).image
    expect(decoded.width).toBe(16)
    expect(decoded.data.length).toBe(16 * 16 * 3)
  })

  it.each([
    ['text', Buffer.from('hello, not an image'), /not a PNG or JPEG/],
    ['a truncated PNG', encodePng(gradient(40, 40)).subarray(0, 60), /could not be decoded as PNG/],
    [
      'a corrupt JPEG',
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]),
      /could not be decoded as JPEG/,
    ],
  ])('refuses %s with a UserError', (_, bytes, message) => {
    expect(() => decodeImage(bytes, 'x')).toThrow(UserError)
    expect(() => decodeImage(bytes, 'x')).toThrow(message)
  })
})

describe('resize', () => {
  it('keeps a constant image constant both ways', () => {
    const flat = createGrayImage(10, 6)
    flat.data.fill(0.25)
    for (const [w, h] of [
      [3, 2],
      [25, 17],
      [10, 6],
    ]) {
      expect(Array.from(resizeGray(flat, w, h).data).every((v) => Math.abs(v - 0.25) < 1e-6)).toBe(true)
    }
  })

  it('averages areas when shrinking by a whole factor', () => {
    const image = gradient(4, 2)
    const small = resizeRgb(image, 2, 1)
    expect(small.data[0]).toBe(Math.round((0 + 1 + 4 + 5) / 4))
  })
})

/** A JPEG with an EXIF APP1 segment holding only the orientation tag (little-endian TIFF). */
function jpegWithOrientation(orientation: number): Buffer {
  const rgba = Buffer.alloc(4 * 3 * 4, 200)
  const plain = jpeg.encode({ width: 4, height: 3, data: rgba }, 90).data
  const tiff = Buffer.from([
    0x49,
    0x49,
    0x2a,
    0,
    8,
    0,
    0,
    0,
    1,
    0,
    0x12,
    0x01,
    3,
    0,
    1,
    0,
    0,
    0,
    orientation,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ])
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 255]), body])
  return Buffer.concat([plain.subarray(0, 2), app1, plain.subarray(2)])
}

describe('EXIF orientation', () => {
  it('reads the tag from a JPEG and turns the image upright', () => {
    expect([decodeImage(jpegWithOrientation(1)).image.width, decodeImage(jpegWithOrientation(1)).image.height]).toEqual(
      [4, 3],
    )
    const rotated = decodeImage(jpegWithOrientation(6)).image
    expect([rotated.width, rotated.height]).toEqual([3, 4])
  })

  it('rotates 90° clockwise for orientation 6 and back with 8', () => {
    const image = gradient(3, 2)
    const rotated = applyOrientation(image, 6)
    expect([rotated.width, rotated.height]).toEqual([2, 3])
    expect(Array.from(rotated.data.subarray(0, 3))).toEqual(Array.from(image.data.subarray(3 * 3, 3 * 3 + 3)))
    expect(applyOrientation(rotated, 8)).toEqual(image)
  })
})
