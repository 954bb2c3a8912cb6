// Decodes PNG and JPEG files into RGB buffers with pure-JS decoders (pngjs, jpeg-js): no canvas, no native code.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import jpeg from 'jpeg-js'
import { PNG } from 'pngjs'
import { IMAGE_FILE_MAX_BYTES } from '../../../src-preload/document/source'
import { UserError } from '../errors'
import { describePathProblem } from '../pathProblem'
import { applyOrientation, readJpegOrientation } from './exifOrientation'
import { rgbaToRgb, type RgbImage } from './rgbImage'

/** Largest image we decode (about 8000×8000): bigger files are refused before allocation. */
export const MAX_IMAGE_MEGAPIXELS = 64

/** Largest image file we read: the project document's bound, shared with the app's source import. */
export const MAX_IMAGE_FILE_BYTES = IMAGE_FILE_MAX_BYTES

/**
 * Smallest side of a character image or mask: below it the VAE latent is under 8×8 and no pose can be
 * found or drawn (decision 0242).
 */
export const MIN_SOURCE_SIDE = 64

export type ImageFormat = 'png' | 'jpeg'

export interface DecodedImage {
  /** Colour with any transparency composited onto white. */
  image: RgbImage
  /** Alpha channel (0..255 per pixel) when the file had one, else null. */
  alpha: Uint8Array | null
  format: ImageFormat
}

export function detectImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
    return 'png'
  }
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg'
  return null
}

/** Decodes PNG or JPEG bytes. `name` only appears in error messages. */
export function decodeImage(bytes: Uint8Array, name = 'image'): DecodedImage {
  const format = detectImageFormat(bytes)
  if (format === null) throw new UserError(`${name} is not a PNG or JPEG image`)
  try {
    return format === 'png' ? decodePng(bytes) : decodeJpeg(bytes)
  } catch (error) {
    if (error instanceof UserError) throw error
    const reason = error instanceof Error ? error.message : String(error)
    throw new UserError(`${name} could not be decoded as ${format.toUpperCase()} (corrupt or truncated?): ${reason}`)
  }
}

export async function readImageFile(path: string): Promise<DecodedImage> {
  return decodeImage(readImageBytes(path, 'image'), path)
}

/**
 * Reads an image file with bounds: only a regular file (never a device, FIFO or folder, which could be
 * read forever) of at most MAX_IMAGE_FILE_BYTES. `what` names it in messages ("image", "mask").
 */
export function readImageBytes(path: string, what: string): Uint8Array {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (error) {
    throw new UserError(describePathProblem(path, error) ?? `cannot read the ${what} ${path}`)
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) {
      const kind = stat.isDirectory() ? 'a folder' : 'a device, pipe or socket'
      throw new UserError(`the ${what} ${path} is ${kind}, not an image file: choose a PNG or JPEG file`)
    }
    if (stat.size > MAX_IMAGE_FILE_BYTES) {
      const mib = (n: number) => `${Math.round(n / 1024 / 1024)} MiB`
      throw new UserError(
        `the ${what} ${path} is too large (${mib(stat.size)}; the limit is ${mib(MAX_IMAGE_FILE_BYTES)}): use a smaller image`,
      )
    }
    const bytes = new Uint8Array(stat.size)
    let done = 0
    while (done < bytes.length) {
      const n = readSync(fd, bytes, done, bytes.length - done, done)
      if (n === 0) break
      done += n
    }
    return bytes.subarray(0, done)
  } finally {
    closeSync(fd)
  }
}

/** Refuses a character image or mask too small to pose or render (1×1, icons…). */
export function assertSourceSize(image: { width: number; height: number }, name: string): void {
  if (image.width < MIN_SOURCE_SIDE || image.height < MIN_SOURCE_SIDE) {
    throw new UserError(
      `${name} is ${image.width}×${image.height} pixels; a character image or mask needs at least ` +
        `${MIN_SOURCE_SIDE}×${MIN_SOURCE_SIDE}: use a larger image`,
    )
  }
}

function decodePng(bytes: Uint8Array): DecodedImage {
  assertPngSize(bytes)
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  const rgba = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength)
  return { image: rgbaToRgb(rgba, png.width, png.height), alpha: alphaChannel(rgba), format: 'png' }
}

/** The alpha bytes of RGBA data, or null when every pixel is opaque. */
function alphaChannel(rgba: Uint8Array): Uint8Array | null {
  const alpha = new Uint8Array(rgba.length / 4)
  let opaque = true
  for (let i = 0; i < alpha.length; i++) {
    alpha[i] = rgba[i * 4 + 3]
    if (alpha[i] !== 255) opaque = false
  }
  return opaque ? null : alpha
}

/** Reads the IHDR size so a huge PNG is refused before pngjs allocates its pixels. */
function assertPngSize(bytes: Uint8Array): void {
  if (bytes.length < 24) throw new UserError('PNG file is truncated')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  assertMegapixels(view.getUint32(16), view.getUint32(20))
}

function assertMegapixels(width: number, height: number): void {
  if (width * height > MAX_IMAGE_MEGAPIXELS * 1e6) {
    throw new UserError(`image is too large (${width}×${height}); the limit is ${MAX_IMAGE_MEGAPIXELS} megapixels`)
  }
}

function decodeJpeg(bytes: Uint8Array): DecodedImage {
  const raw = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    tolerantDecoding: false,
    maxResolutionInMP: MAX_IMAGE_MEGAPIXELS,
    maxMemoryUsageInMB: 2048,
  })
  if (raw.width === 0 || raw.height === 0) throw new UserError('JPEG has no pixels')
  const image = { width: raw.width, height: raw.height, data: raw.data }
  return { image: applyOrientation(image, readJpegOrientation(bytes)), alpha: null, format: 'jpeg' }
}
