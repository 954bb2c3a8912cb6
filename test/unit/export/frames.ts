// Test frames: a moving gradient with a bright square, different in every frame (encoders cannot merge them).
import type { RgbImage } from '../../../src-main/engine/image/rgbImage'

export function testFrames(count: number, width: number, height: number): RgbImage[] {
  return Array.from({ length: count }, (_, f) => {
    const data = new Uint8Array(width * height * 3)
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3
        const inSquare = Math.abs(x - ((f * 7) % width)) < 6 && Math.abs(y - height / 2) < 6
        data[i] = inSquare ? 255 : (x * 255) / width
        data[i + 1] = inSquare ? 255 : (y * 255) / height
        data[i + 2] = (f * 40) % 256
      }
    }
    return { width, height, data }
  })
}

/** Frames of pseudo-random pixels: they barely compress, so even small clips make big files. */
export function noisyFrames(count: number, width: number, height: number): RgbImage[] {
  let state = 12345
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) >>> 24
  return Array.from({ length: count }, () => {
    const data = new Uint8Array(width * height * 3)
    for (let i = 0; i < data.length; i++) data[i] = next()
    return { width, height, data }
  })
}
