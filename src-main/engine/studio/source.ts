// The character's source: image, pose, mask, prompt and character words, and the rig's keys, kept in the
// project database (assets by content hash; the rest in the project document, decisions 0130, 0150, 0280).
// Detection, segmentation and the PATA preview live in poseTools.ts.
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { MaskValues, SourceImageData, SourceState } from '../../../src-preload/api'
import {
  IMAGE_FILE_MAX_BYTES,
  MASK_EDIT_MAX_SIDE,
  type ImageSize,
  type Pose18,
  type RigAnimation,
} from '../../../src-preload/document'
import { UserError } from '../errors'
import { decodeImage } from '../image/decode'
import { encodeMaskPng } from '../image/encode'
import type { GrayImage } from '../image/rgbImage'
import { SOURCE_IMAGE_KIND, SOURCE_MASK_KIND } from '../project/projectSetup'
import type { ProjectStore } from '../store'

export function sourceState(store: ProjectStore): SourceState {
  const { settings, fields } = store.document.read()
  const image = sourceImageAsset(store)
  const size = fields.sourceImageSize
  const maskSize = fields.sourceMaskSize
  return {
    image: image && size ? { assetId: image.hash, name: image.name, ...size } : null,
    pose: fields.sourcePose ?? null,
    poseOrigin: fields.sourcePose ? (fields.sourcePoseOrigin ?? 'edited') : null,
    mask: fields.sourceMask && maskSize ? { assetId: fields.sourceMask, ...maskSize } : null,
    prompt: settings.prompt,
    characterWords: fields.characterWords ?? [],
  }
}

/** The image the project renders from: the one the document names (the newest when unnamed). */
export function sourceImageAsset(store: ProjectStore) {
  const images = store.assets.list().filter((a) => a.kind === SOURCE_IMAGE_KIND)
  const named = store.document.fields().sourceImage
  return named ? images.find((a) => a.hash === named) : images.at(-1)
}

export function sourceImageData(store: ProjectStore): SourceImageData | null {
  const image = sourceImageAsset(store)
  if (!image) return null
  const bytes = store.assets.bytes(image.hash)!
  return { assetId: image.hash, mime: image.mime, dataUrl: `data:${image.mime};base64,${bytes.toString('base64')}` }
}

export function requireImage(store: ProjectStore): ImageSize {
  const size = store.document.fields().sourceImageSize
  if (!size || !sourceImageAsset(store)) throw new UserError('Import a character image first.')
  return size
}

/** A new picture drops the pose and mask, which describe another image; the same picture again keeps them. */
export function importImage(store: ProjectStore, name: string, bytes: Uint8Array): SourceState {
  const decoded = decodeImage(bytes, name)
  const { width, height } = decoded.image
  const mime = decoded.format === 'png' ? 'image/png' : 'image/jpeg'
  store.transaction(() => {
    const hash = store.assets.put({ kind: SOURCE_IMAGE_KIND, mime, name, bytes })
    if (hash === store.document.fields().sourceImage) return
    store.document.patch({
      fields: {
        sourceImage: hash,
        sourceImageSize: { width, height },
        sourcePose: null,
        sourcePoseOrigin: undefined,
        sourceMask: undefined,
        sourceMaskSize: undefined,
      },
    })
  })
  return sourceState(store)
}

/** Image bytes the page sent (drag and drop), bounded like a file. */
export function importImageBytes(store: ProjectStore, name: string, dataBase64: string): SourceState {
  const bytes = Buffer.from(dataBase64, 'base64')
  if (bytes.byteLength > IMAGE_FILE_MAX_BYTES) throw tooBig(name, bytes.byteLength)
  return importImage(store, name, bytes)
}

export function saveSourcePose(store: ProjectStore, pose: Pose18, origin: 'detected' | 'edited'): SourceState {
  requireImage(store)
  store.document.patch({ fields: { sourcePose: pose, sourcePoseOrigin: origin } })
  return sourceState(store)
}

export function maskValues(store: ProjectStore): MaskValues | null {
  const hash = store.document.fields().sourceMask
  const bytes = hash ? store.assets.bytes(hash) : undefined
  if (!bytes) return null
  const rgb = decodeImage(bytes, 'the character mask').image
  const values = Buffer.alloc(rgb.width * rgb.height)
  for (let i = 0; i < values.length; i++) values[i] = rgb.data[i * 3]
  return { width: rgb.width, height: rgb.height, valuesBase64: values.toString('base64') }
}

/** An edited mask; it must have the size this image's mask has (maskSizeFor). */
export function saveMaskValues(store: ProjectStore, mask: MaskValues): SourceState {
  const expected = maskSizeFor(requireImage(store))
  if (mask.width !== expected.width || mask.height !== expected.height) {
    throw new UserError(
      `The mask is ${mask.width}×${mask.height} but this image's mask is ${expected.width}×${expected.height}; ` +
        'reload the project and paint again.',
    )
  }
  const values = Buffer.from(mask.valuesBase64, 'base64')
  if (values.byteLength !== mask.width * mask.height) {
    throw new UserError(`The mask has ${values.byteLength} values; ${mask.width}×${mask.height} were expected.`)
  }
  storeMask(store, { ...expected, data: Float32Array.from(values, (v) => v / 255) })
  return sourceState(store)
}

/** The prompt and the character words still in it, in one transaction. */
export function saveSourceText(store: ProjectStore, prompt: string, characterWords: readonly string[]): SourceState {
  store.document.patch({ settings: { prompt }, fields: { characterWords: wordsInPrompt(prompt, characterWords) } })
  return sourceState(store)
}

export function rigAnimation(store: ProjectStore): RigAnimation | null {
  return store.document.fields().animation ?? null
}

/** The rig keys become the project's motion (docs/decisions/0260): an imported motion they replace goes. */
export function saveRigAnimation(store: ProjectStore, animation: RigAnimation): void {
  store.transaction(() => {
    store.document.patch({ fields: { animation } })
    store.keyframes.replaceAll([])
  })
}

/** Mask resolution for an image: the image's own, shrunk to MASK_EDIT_MAX_SIDE on its longer side. */
export function maskSizeFor(image: ImageSize): ImageSize {
  const scale = Math.min(1, MASK_EDIT_MAX_SIDE / Math.max(image.width, image.height))
  return { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) }
}

export function storeMask(store: ProjectStore, mask: GrayImage): void {
  store.transaction(() => {
    const bytes = encodeMaskPng(mask)
    const hash = store.assets.put({ kind: SOURCE_MASK_KIND, mime: 'image/png', name: 'character-mask.png', bytes })
    store.document.patch({ fields: { sourceMask: hash, sourceMaskSize: { width: mask.width, height: mask.height } } })
  })
}

/** Keeps the character words that still occur in the prompt as whole words (case-insensitive), once each. */
export function wordsInPrompt(prompt: string, words: readonly string[]): string[] {
  const present = new Set(prompt.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
  const kept = words.map((w) => w.trim().toLowerCase()).filter((w) => w && w.split(/\s+/).every((p) => present.has(p)))
  return [...new Set(kept)]
}

/** An image file the user picked in a dialog: a regular file of bounded size. */
export async function readImageFile(file: string): Promise<Buffer> {
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new UserError(`${file} is a folder, not an image file.`)
    if (info.size > IMAGE_FILE_MAX_BYTES) throw tooBig(basename(file), info.size)
    return await readFile(file)
  } catch (err) {
    if (err instanceof UserError) throw err
    const code = (err as NodeJS.ErrnoException).code
    throw new UserError(
      code === 'ENOENT' ? `${file} does not exist.` : `${file} cannot be read (${code ?? (err as Error).message}).`,
    )
  }
}

function tooBig(name: string, bytes: number): UserError {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`
  return new UserError(`${name} is ${mb(bytes)}; images up to ${mb(IMAGE_FILE_MAX_BYTES)} can be imported.`)
}
