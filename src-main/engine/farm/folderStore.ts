// The shared-folder blob store (NFS, SMB, a local disk for one machine): <dir>/<content key>.blob.
// Writes go to a private temp file renamed into place, so a worker killed mid-write leaves no blob
// under the key; a verified blob is never overwritten (content keys name content, so it is the same).
import { mkdirSync } from 'node:fs'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { openBlob, sealBlob, type BlobStore } from './blobStore'
import { FarmError } from './connection'

/** Key segments as the pipeline makes them (`pacm-frame/<hex>/phis`): nothing that could leave the folder. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

/**
 * The folder a --store value names, made absolute. Only shared folders are built: an s3:// (or any
 * other URL) store is refused with a message instead of becoming a folder named "s3:" (decision 0302).
 */
export function storeFolder(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new FarmError(
      `--store ${value}: only a shared folder works as the farm store (S3 is not built yet, see ` +
        'docs/decisions/0302); mount the bucket or use a folder every worker reaches at the same path',
    )
  }
  return resolve(value)
}

export class FolderBlobStore implements BlobStore {
  damaged = 0
  readonly location: string

  constructor(dir: string) {
    this.location = resolve(dir)
    try {
      mkdirSync(this.location, { recursive: true })
    } catch (err) {
      throw new FarmError(`Cannot use ${this.location} as the farm store: ${(err as Error).message}`)
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const path = this.pathOf(key)
    let sealed: Buffer
    try {
      sealed = await readFile(path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw err
    }
    const opened = openBlob(key, sealed)
    if ('payload' in opened) return opened.payload
    // Never used: removed so that whoever needs it recomputes it.
    this.damaged++
    await rm(path, { force: true })
    return undefined
  }

  async has(key: string): Promise<boolean> {
    return (await this.get(key)) !== undefined
  }

  async put(key: string, bytes: Uint8Array): Promise<'written' | 'kept'> {
    if (await this.has(key)) return 'kept'
    const path = this.pathOf(key)
    await mkdir(dirname(path), { recursive: true })
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    try {
      await writeFile(temp, sealBlob(key, bytes), { flush: true })
      await rename(temp, path)
    } catch (err) {
      await rm(temp, { force: true })
      throw err
    }
    return 'written'
  }

  private pathOf(key: string): string {
    const segments = key.split('/')
    if (!segments.every((s) => SEGMENT.test(s))) throw new Error(`not a content key: ${JSON.stringify(key)}`)
    return `${join(this.location, ...segments)}.blob`
  }
}
