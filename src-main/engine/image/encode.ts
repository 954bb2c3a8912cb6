// Lossless PNG encoding of RGB images and soft masks (pngjs).
import { writeFile } from 'node:fs/promises'
import { PNG } from 'pngjs'
import type { GrayImage, RgbImage } from './rgbImage'

export function encodePng(image: RgbImage): Buffer {
  const png = new PNG({ width: image.width, height: image.height, colorType: 2, inputColorType: 2 })
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength)
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2 })
}

/** A [0, 1] mask as an 8-bit greyscale PNG (values clamped, rounded). */
export function encodeMaskPng(mask: GrayImage): Buffer {
  const bytes = Buffer.alloc(mask.width * mask.height)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, mask.data[i])) * 255)
  const png = new PNG({ width: mask.width, height: mask.height, colorType: 0, inputColorType: 0 })
  png.data = bytes
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0 })
}

export async function writePng(path: string, image: RgbImage): Promise<void> {
  await writeFile(path, encodePng(image))
}
