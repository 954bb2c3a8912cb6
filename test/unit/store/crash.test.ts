// A process killed with SIGKILL in the middle of a transaction: the project reopens consistent,
// with every committed transaction present and nothing of the interrupted one.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { ProjectStore } from '../../../src-main/engine/store'
import { committedBatches, entryFor, keyframesFor } from './fixtures/crashData'

const dir = mkdtempSync(join(tmpdir(), 'pa-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function runWriterUntilInsideTransaction(path: string): Promise<{ signal: string | null; lines: string[] }> {
  const writer = resolve(__dirname, 'fixtures/crashWriter.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', writer, path], { stdio: ['ignore', 'pipe', 'inherit'] })
  const lines: string[] = []
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean))
    if (lines.includes('inside')) child.kill('SIGKILL')
  })
  return new Promise((done) => child.on('exit', (_code, signal) => done({ signal, lines })))
}

it('survives SIGKILL in the middle of a transaction', async () => {
  const path = join(dir, 'crash.poseanim')
  ProjectStore.create(path, { name: 'Crash test' }).close()

  const { signal, lines } = await runWriterUntilInsideTransaction(path)
  expect(signal).toBe('SIGKILL')
  expect(lines).toEqual([...Array.from({ length: committedBatches }, (_, b) => `committed ${b}`), 'inside'])
  // The interrupted transaction had already spilled pages into the write-ahead log: recovery must drop them.
  expect(statSync(`${path}-wal`).size).toBeGreaterThan(committedBatches * 8 * 64 * 1024)

  const store = ProjectStore.open(path)
  try {
    expect(store.integrityCheck()).toBe('ok')
    const last = committedBatches - 1
    expect(store.keyframes.list()).toEqual(keyframesFor(last))
    for (let batch = 0; batch < committedBatches; batch++) {
      for (let item = 0; item < 8; item++) {
        const expected = entryFor(batch, item)
        const stored = store.cache.get(expected.key)
        expect(stored, expected.key).toBeDefined()
        expect(Buffer.from(stored!.data.buffer).equals(Buffer.from(expected.tensor.data.buffer))).toBe(true)
      }
    }
    expect(store.cache.keysWithPrefix('b99/')).toEqual([])
    expect(store.cache.keysWithPrefix('b')).toHaveLength(committedBatches * 8)
  } finally {
    store.close()
  }
})
