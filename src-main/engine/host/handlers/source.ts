// source.* and animation.*: the character image, its pose and mask, the prompt and character words, and the
// rig's keys, all kept in the project database (assets by content hash; the rest in settings.render, see
// docs/decisions/0130 and 0150). Detection and segmentation live in pose.ts.
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import type { DocumentFields } from '../../../../src-preload/document'
import type { RigAnimation, SourceImageData, SourceState, MaskValues, Pose18 } from '../../../../src-preload/api'
import { UserError } from '../../errors'
import { SOURCE_IMAGE_KIND, SOURCE_MASK_KIND } from '../../project/projectSetup'
import { decodeImage } from '../../image/decode'
import { encodeMaskPng } from '../../image/encode'
import type { GrayImage } from '../../image/rgbImage'
import type { ProjectStore } from '../../store'
import { EngineUserError } from '../protocol'
import { method } from '../registry'

/** Largest image file accepted (the decoder separately refuses more than 64 megapixels). */
export const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024
/** The mask is edited at most this many pixels on its longer side; the render stretches it to the image. */
export const MASK_MAX_SIDE = 1024

interface Size {
  width: number
  height: number
}

export function studioFields(store: ProjectStore): DocumentFields {
  return store.document.fields()
}

/** Merges `patch` into the document's fields (undefined removes a field) in one transaction. */
export function updateStudioFields(store: ProjectStore, patch: Partial<DocumentFields>): void {
  store.document.patch({ fields: patch })
}

/** Runs `fn`, turning the engine's user-facing errors (pose, image, weights) into ones the caller shows. */
export async function userFacing<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof UserError) throw new EngineUserError(`${err.message}.`)
    throw err
  }
}

export const sourceMethods = {
  'source.get': method<{ path: string }, SourceState>(({ path }, { engine }) => sourceState(engine.projects.get(path))),

  /** Imports an image file the user picked in a dialog. */
  'source.importFile': method<{ path: string; file: string }, SourceState>(async ({ path, file }, { engine }) => {
    const bytes = await readImageFile(file)
    return userFacing(() => importImage(engine.projects.get(path), basename(file), bytes))
  }),

  /** Imports image bytes the page sent (drag and drop). */
  'source.importImageBytes': method<{ path: string; name: string; dataBase64: string }, SourceState>(
    ({ path, name, dataBase64 }, { engine }) => {
      const bytes = Buffer.from(dataBase64, 'base64')
      if (bytes.byteLength > MAX_IMAGE_FILE_BYTES) throw tooBig(name, bytes.byteLength)
      return userFacing(() => importImage(engine.projects.get(path), name, bytes))
    },
  ),

  'source.image': method<{ path: string }, SourceImageData | null>(({ path }, { engine }) => {
    const store = engine.projects.get(path)
    const image = sourceImageAsset(store)
    if (!image) return null
    const bytes = store.assets.bytes(image.hash)!
    return { assetId: image.hash, mime: image.mime, dataUrl: `data:${image.mime};base64,${bytes.toString('base64')}` }
  }),

  'source.savePose': method<{ path: string; pose: Pose18 }, SourceState>(({ path, pose }, { engine }) => {
    const store = engine.projects.get(path)
    requireImage(store)
    updateStudioFields(store, { sourcePose: pose, sourcePoseOrigin: 'edited' })
    return sourceState(store)
  }),

  'source.mask': method<{ path: string }, MaskValues | null>(({ path }, { engine }) => {
    const store = engine.projects.get(path)
    const hash = studioFields(store).sourceMask
    const bytes = hash ? store.assets.bytes(hash) : undefined
    if (!bytes) return null
    const rgb = decodeImage(bytes, 'the character mask').image
    const values = Buffer.alloc(rgb.width * rgb.height)
    for (let i = 0; i < values.length; i++) values[i] = rgb.data[i * 3]
    return { width: rgb.width, height: rgb.height, valuesBase64: values.toString('base64') }
  }),

  'source.saveMask': method<{ path: string } & MaskValues, SourceState>(({ path, ...mask }, { engine }) => {
    const store = engine.projects.get(path)
    const expected = maskSizeFor(requireImage(store))
    if (mask.width !== expected.width || mask.height !== expected.height) {
      throw new EngineUserError(
        `The mask is ${mask.width}×${mask.height} but this image's mask is ${expected.width}×${expected.height}; ` +
          'reload the project and paint again.',
      )
    }
    const values = Buffer.from(mask.valuesBase64, 'base64')
    if (values.byteLength !== mask.width * mask.height) {
      throw new EngineUserError(`The mask has ${values.byteLength} values; ${mask.width}×${mask.height} were expected.`)
    }
    const gray: GrayImage = { ...expected, data: Float32Array.from(values, (v) => v / 255) }
    storeMask(store, gray)
    return sourceState(store)
  }),

  'source.saveText': method<{ path: string; prompt: string; characterWords: string[] }, SourceState>(
    ({ path, prompt, characterWords }, { engine }) => {
      const store = engine.projects.get(path)
      store.document.patch({ settings: { prompt }, fields: { characterWords: wordsInPrompt(prompt, characterWords) } })
      return sourceState(store)
    },
  ),

  'animation.get': method<{ path: string }, RigAnimation | null>(
    ({ path }, { engine }) => studioFields(engine.projects.get(path)).animation ?? null,
  ),

  /** The rig keys become the project's motion (docs/decisions/0260): an imported motion they replace goes. */
  'animation.save': method<{ path: string } & RigAnimation, void>(({ path, ...animation }, { engine }) => {
    const store = engine.projects.get(path)
    store.transaction(() => {
      updateStudioFields(store, { animation })
      store.keyframes.replaceAll([])
    })
  }),
}

export function sourceState(store: ProjectStore): SourceState {
  const fields = studioFields(store)
  const image = sourceImageAsset(store)
  const size = fields.sourceImageSize
  const maskSize = fields.sourceMaskSize
  return {
    image: image && size ? { assetId: image.hash, name: image.name, ...size } : null,
    pose: fields.sourcePose ?? null,
    poseOrigin: fields.sourcePose ? (fields.sourcePoseOrigin ?? 'edited') : null,
    mask: fields.sourceMask && maskSize ? { assetId: fields.sourceMask, ...maskSize } : null,
    prompt: store.record().settings.prompt,
    characterWords: fields.characterWords ?? [],
  }
}

/** The image the project renders from: the one named in settings.render (the newest when unnamed). */
export function sourceImageAsset(store: ProjectStore) {
  const images = store.assets.list().filter((a) => a.kind === SOURCE_IMAGE_KIND)
  const named = studioFields(store).sourceImage
  return named ? images.find((a) => a.hash === named) : images.at(-1)
}

export function requireImage(store: ProjectStore): Size {
  const size = studioFields(store).sourceImageSize
  if (!size || !sourceImageAsset(store)) throw new EngineUserError('Import a character image first.')
  return size
}

function importImage(store: ProjectStore, name: string, bytes: Uint8Array): SourceState {
  const decoded = decodeImage(bytes, name)
  const { width, height } = decoded.image
  const mime = decoded.format === 'png' ? 'image/png' : 'image/jpeg'
  store.transaction(() => {
    const hash = store.assets.put({ kind: SOURCE_IMAGE_KIND, mime, name, bytes })
    if (hash === studioFields(store).sourceImage) return // the same picture again: keep its pose and mask
    // A new picture: the old pose and mask describe another image.
    updateStudioFields(store, {
      sourceImage: hash,
      sourceImageSize: { width, height },
      sourcePose: null,
      sourcePoseOrigin: undefined,
      sourceMask: undefined,
      sourceMaskSize: undefined,
    })
  })
  return sourceState(store)
}

/** Mask resolution for an image: the image's own, shrunk to MASK_MAX_SIDE on its longer side. */
export function maskSizeFor(image: Size): Size {
  const scale = Math.min(1, MASK_MAX_SIDE / Math.max(image.width, image.height))
  return { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) }
}

export function storeMask(store: ProjectStore, mask: GrayImage): void {
  store.transaction(() => {
    const bytes = encodeMaskPng(mask)
    const hash = store.assets.put({ kind: SOURCE_MASK_KIND, mime: 'image/png', name: 'character-mask.png', bytes })
    updateStudioFields(store, { sourceMask: hash, sourceMaskSize: { width: mask.width, height: mask.height } })
  })
}

/** Keeps the character words that still occur in the prompt as whole words (case-insensitive), once each. */
export function wordsInPrompt(prompt: string, words: readonly string[]): string[] {
  const present = new Set(prompt.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
  const kept = words.map((w) => w.trim().toLowerCase()).filter((w) => w && w.split(/\s+/).every((p) => present.has(p)))
  return [...new Set(kept)]
}

async function readImageFile(file: string): Promise<Buffer> {
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new EngineUserError(`${file} is a folder, not an image file.`)
    if (info.size > MAX_IMAGE_FILE_BYTES) throw tooBig(basename(file), info.size)
    return await readFile(file)
  } catch (err) {
    if (err instanceof EngineUserError) throw err
    const code = (err as NodeJS.ErrnoException).code
    throw new EngineUserError(
      code === 'ENOENT' ? `${file} does not exist.` : `${file} cannot be read (${code ?? (err as Error).message}).`,
    )
  }
}

function tooBig(name: string, bytes: number): EngineUserError {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`
  return new EngineUserError(`${name} is ${mb(bytes)}; images up to ${mb(MAX_IMAGE_FILE_BYTES)} can be imported.`)
}
