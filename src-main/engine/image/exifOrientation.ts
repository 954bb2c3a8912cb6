// JPEG EXIF orientation: phones store the sensor image and a tag saying how to rotate it for display.
// jpeg-js ignores the tag, so a portrait photo would come out lying on its side without this.
import { createRgbImage, type RgbImage } from './rgbImage'

const ORIENTATION_TAG = 0x0112

/** EXIF orientation (1..8) of a JPEG file, or 1 when absent or unreadable. */
export function readJpegOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let offset = 2 // after SOI
  while (offset + 4 <= bytes.length && bytes[offset] === 0xff) {
    const marker = bytes[offset + 1]
    const length = view.getUint16(offset + 2)
    if (marker === 0xda || length < 2) break // start of scan: no more metadata
    if (marker === 0xe1 && isExifHeader(bytes, offset + 4)) {
      return readTiffOrientation(view, offset + 10, offset + 2 + length) ?? 1
    }
    offset += 2 + length
  }
  return 1
}

function isExifHeader(bytes: Uint8Array, at: number): boolean {
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0] // "Exif\0\0"
  return exif.every((b, i) => bytes[at + i] === b)
}

function readTiffOrientation(view: DataView, tiff: number, end: number): number | null {
  if (tiff + 8 > end) return null
  const little = view.getUint16(tiff) === 0x4949 // "II"
  const ifd = tiff + view.getUint32(tiff + 4, little)
  if (ifd + 2 > end) return null
  const entries = view.getUint16(ifd, little)
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + i * 12
    if (entry + 12 > end) return null
    if (view.getUint16(entry, little) === ORIENTATION_TAG) {
      const value = view.getUint16(entry + 8, little)
      return value >= 1 && value <= 8 ? value : null
    }
  }
  return null
}

/** Returns the image as it should be displayed for an EXIF orientation value. */
export function applyOrientation(image: RgbImage, orientation: number): RgbImage {
  if (orientation <= 1 || orientation > 8) return image
  const { width: w, height: h } = image
  const swapsAxes = orientation >= 5
  const out = swapsAxes ? createRgbImage(h, w) : createRgbImage(w, h)
  // Source pixel for each output pixel (x, y), per the EXIF specification's eight cases.
  const source: Record<number, (x: number, y: number) => [number, number]> = {
    2: (x, y) => [w - 1 - x, y],
    3: (x, y) => [w - 1 - x, h - 1 - y],
    4: (x, y) => [x, h - 1 - y],
    5: (x, y) => [y, x],
    6: (x, y) => [y, h - 1 - x],
    7: (x, y) => [w - 1 - y, h - 1 - x],
    8: (x, y) => [w - 1 - y, x],
  }
  const map = source[orientation]
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const [sx, sy] = map(x, y)
      const from = (sy * w + sx) * 3
      const to = (y * out.width + x) * 3
      out.data[to] = image.data[from]
      out.data[to + 1] = image.data[from + 1]
      out.data[to + 2] = image.data[from + 2]
    }
  }
  return out
}
