// A project JSON (the demo, batch jobs) becomes a project database so renders get the same cache,
// resume and re-render as projects made in the app. The database lives in the cache dir, named after
// the JSON's absolute path — never beside the JSON (resources may be read-only) and the JSON is never
// written. Every import brings the database in line with the JSON; the stage cache inside survives, so
// an unchanged project renders from cache and an edited one recomputes only what changed.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { detectImageFormat, readImageBytes as readBoundedImage } from '../image/decode'
import { ProjectStore } from '../store'
import { readProjectJson, ProjectJsonError, type ProjectJson } from './projectJson'
import type { DocumentFields, StoredPipelineSettings } from '../../../src-preload/document'
import { SOURCE_IMAGE_KIND, SOURCE_MASK_KIND } from './projectSetup'

export interface ImportedProject {
  /** The project database the render uses. */
  path: string
  /** false when the database already existed (its cache is kept). */
  created: boolean
}

/** Where the database of a project JSON lives: <cacheDir>/imported/<file name>-<path hash>.poseanim. */
export function importedProjectPath(jsonPath: string, cacheDir: string): string {
  const absolute = resolve(jsonPath)
  const tag = createHash('sha256').update(absolute).digest('hex').slice(0, 12)
  const stem = basename(absolute).replace(/\.json$/i, '')
  return join(cacheDir, 'imported', `${stem}-${tag}.poseanim`)
}

/** Imports (or re-syncs) a project JSON into its database; `open` lets the engine reuse its connection. */
export function importProjectJson(
  jsonPath: string,
  cacheDir: string,
  open: (path: string, create: boolean, json: ProjectJson) => ProjectStore = defaultOpen,
): ImportedProject {
  const json = readProjectJson(jsonPath)
  const imageBytes = readImageBytes(json.image, 'image')
  const maskBytes = json.mask ? readImageBytes(json.mask, 'mask') : undefined
  const path = importedProjectPath(jsonPath, cacheDir)
  mkdirSync(join(cacheDir, 'imported'), { recursive: true })
  const created = !existsSync(path)
  const store = open(path, created, json)
  syncProject(store, json, imageBytes, maskBytes)
  return { path, created }
}

function defaultOpen(path: string, create: boolean, json: ProjectJson): ProjectStore {
  return create ? ProjectStore.create(path, { name: json.name }) : ProjectStore.open(path)
}

/** Writes the JSON's content into the store in one transaction. */
export function syncProject(store: ProjectStore, json: ProjectJson, image: Uint8Array, mask?: Uint8Array): void {
  const fields: DocumentFields = {
    sourceImage: sha256(image),
    sourceMask: mask && sha256(mask),
    characterWords: json.characterWords,
    sourcePose: json.sourcePose,
    model: json.model,
    pipeline: json.render,
  }
  const size = pipelineSize(json.render)
  store.transaction(() => {
    store.assets.put({ kind: SOURCE_IMAGE_KIND, mime: mimeOf(image), name: basename(json.image), bytes: image })
    if (mask && json.mask) {
      store.assets.put({ kind: SOURCE_MASK_KIND, mime: mimeOf(mask), name: basename(json.mask), bytes: mask })
    }
    store.keyframes.replaceAll(json.keyframes)
    // The JSON is the whole truth: its fields replace the document's (no rig keys survive a re-import).
    const settings = { fps: json.fps, prompt: json.prompt, ...size }
    store.document.patch({ name: json.name, settings, fields, replaceFields: true })
  })
}

function pipelineSize(render: StoredPipelineSettings): { width?: number; height?: number } {
  return {
    ...(render.width !== undefined && { width: render.width }),
    ...(render.height !== undefined && { height: render.height }),
  }
}

function readImageBytes(path: string, what: 'image' | 'mask'): Uint8Array {
  let bytes: Uint8Array
  try {
    bytes = readBoundedImage(path, what) // a regular file of bounded size, never a device
  } catch (err) {
    throw new ProjectJsonError(`The project's ${what} cannot be read: ${(err as Error).message}`)
  }
  if (!detectImageFormat(bytes)) throw new ProjectJsonError(`The project's ${what} ${path} is not a PNG or JPEG file.`)
  return bytes
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const mimeOf = (bytes: Uint8Array) => (detectImageFormat(bytes) === 'png' ? 'image/png' : 'image/jpeg')
