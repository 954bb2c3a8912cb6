// The shared-folder blob store: blobs named by content keys, verified on every read; a truncated,
// altered or misfiled blob reads as absent and is removed (so it is recomputed, never used).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FolderBlobStore } from '../../../src-main/engine/farm/folderStore'
import { tensorFromBlob, tensorToBlob } from '../../../src-main/engine/farm/tensorBlob'

let dir: string
let store: FolderBlobStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pa-blobs-'))
  store = new FolderBlobStore(dir)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const KEY = 'pacm-frame/0123456789abcdef0123456789abcdef/phis'
const blobPath = (key: string) => `${join(dir, ...key.split('/'))}.blob`
const tensor = { dtype: 'float32' as const, shape: [2, 3], data: Float32Array.of(1, 2, 3, 4, 5, 6.5) }

describe('FolderBlobStore', () => {
  it('stores a tensor under its content key and reads it back exactly', async () => {
    expect(await store.put(KEY, tensorToBlob(tensor))).toBe('written')
    const back = tensorFromBlob((await store.get(KEY))!, KEY)
    expect(back).toEqual({ dtype: 'float32', shape: [2, 3], data: tensor.data })
    expect(await store.has('decode/0123456789abcdef0123456789abcdef/rgb')).toBe(false)
  })

  it('keeps a verified blob instead of overwriting it (a repeated item writes nothing)', async () => {
    await store.put(KEY, Buffer.from('first'))
    expect(await store.put(KEY, Buffer.from('second'))).toBe('kept')
    expect(Buffer.from((await store.get(KEY))!).toString()).toBe('first')
  })

  it('treats a truncated or altered blob as absent, removes it, and lets it be stored again', async () => {
    await store.put(KEY, tensorToBlob(tensor))
    const whole = readFileSync(blobPath(KEY))
    writeFileSync(blobPath(KEY), whole.subarray(0, whole.length - 5))
    expect(await store.get(KEY)).toBeUndefined()
    expect(store.damaged).toBe(1)

    await store.put(KEY, tensorToBlob(tensor))
    const flipped = Buffer.from(readFileSync(blobPath(KEY)))
    flipped[flipped.length - 1] ^= 0x01
    writeFileSync(blobPath(KEY), flipped)
    expect(await store.has(KEY)).toBe(false)
    expect(store.damaged).toBe(2)
    expect(await store.put(KEY, tensorToBlob(tensor))).toBe('written')
    expect(await store.has(KEY)).toBe(true)
  })

  it('refuses a blob copied under another key', async () => {
    const other = 'pacm-frame/ffffffffffffffffffffffffffffffff/phis'
    await store.put(other, Buffer.from('bytes of another entry'))
    mkdirSync(join(dir, 'pacm-frame', '0123456789abcdef0123456789abcdef'), { recursive: true })
    writeFileSync(blobPath(KEY), readFileSync(blobPath(other)))
    expect(await store.get(KEY)).toBeUndefined()
  })

  it('rejects names that are not content keys (nothing outside the folder)', async () => {
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow('not a content key')
    await expect(store.get('a//b')).rejects.toThrow('not a content key')
  })
})
