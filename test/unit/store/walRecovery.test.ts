// A project whose checkpoint hit a full disk: its committed pages live in the write-ahead log while the
// main file's header already counts them. SQLite reads it fine; the file check must not call it truncated.
// The disk fills through a file-size limit on the writer process (it needs no privileges).
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/engine/store'
import { walKeyframes, walTensor } from './fixtures/walData'

const dir = mkdtempSync(join(tmpdir(), 'pa-wal-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const project = join(dir, 'full.poseanim')

/** Page count in the main file's header (bytes 28–31) against the pages the file really holds. */
function headerPages(path: string): { claimed: number; present: number } {
  const header = readFileSync(path).subarray(0, 100)
  return { claimed: header.readUInt32BE(28), present: statSync(path).size / header.readUInt16BE(16) }
}

beforeAll(() => {
  const store = ProjectStore.create(project, { name: 'Filled the disk' })
  // A big first entry makes the main file larger than the log will be: the limit then stops only the
  // checkpoint's growth of the main file, not the log.
  store.cache.put('base', { dtype: 'float32', shape: [128 * 1024], data: new Float32Array(128 * 1024) })
  store.close()
  const limitBlocks = Math.ceil((statSync(project).size + 8192) / 512)
  const writer = resolve(import.meta.dirname, 'fixtures/fullDiskWriter.ts')
  const out = execFileSync(
    'sh',
    ['-c', `ulimit -f ${limitBlocks}; exec "$@"`, 'sh', process.execPath, '--import', 'tsx', writer, project],
    {
      cwd: resolve(import.meta.dirname, '../../..'),
      encoding: 'utf8',
    },
  )
  expect(out).toMatch(/^committed\n/)
})

it('the scenario is real: the header counts pages that only the log holds', () => {
  const { claimed, present } = headerPages(project)
  expect(claimed).toBeGreaterThan(present)
  expect(statSync(`${project}-wal`).size).toBeGreaterThan(walTensor.data.byteLength)
})

it('reopens with all its committed work', () => {
  const copy = join(dir, 'reopened.poseanim')
  for (const suffix of ['', '-wal']) copyFileSync(project + suffix, copy + suffix)
  const store = ProjectStore.open(copy)
  try {
    expect(store.integrityCheck()).toBe('ok')
    expect(store.keyframes.list()).toEqual(walKeyframes)
    expect(Buffer.from(store.cache.get('wal/entry')!.data.buffer).equals(Buffer.from(walTensor.data.buffer))).toBe(true)
  } finally {
    store.close()
  }
  // Opening checkpointed the log: the main file is whole again.
  expect(headerPages(copy).claimed).toBe(headerPages(copy).present)
})

it.each([
  ['without its log', (copy: string) => copyFileSync(project, copy)],
  [
    'with a log cut short',
    (copy: string) => {
      copyFileSync(project, copy)
      copyFileSync(`${project}-wal`, `${copy}-wal`)
      truncateSync(`${copy}-wal`, 32 + 3 * (24 + 4096))
    },
  ],
])('is still refused as truncated %s', (_, make) => {
  const copy = join(dir, `cut-${Math.random().toString(36).slice(2)}.poseanim`)
  make(copy)
  const before = readFileSync(copy)
  expect(() => ProjectStore.open(copy)).toThrow(/is truncated \(\d+ bytes, its header says \d+\)/)
  expect(readFileSync(copy).equals(before)).toBe(true)
})
