// Damaged cache data is never exported: bytes flipped in one cached frame make `export` refuse (it
// writes nothing) and the next `render` recompute that frame, say so in its summary and give exactly the
// frames of the first render. A damaged last frame is refused too, not exported as a shorter video.
// Runs the fast demo project through the CLI, as users do.
import Database from 'better-sqlite3'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { runCliCaptured, useTempHome } from '../cli/harness'
import { writeFastDemo } from './fastDemo'

const home = useTempHome('pa-damaged-')
const work = mkdtempSync(join(home, 'work-'))
const project = writeFastDemo(work)

async function cli(...argv: string[]) {
  const { code, stdout, stderr } = await runCliCaptured([...argv, '--json'])
  return { code, json: JSON.parse(stdout || 'null'), stderr }
}

const pngs = (folder: string) => readdirSync(folder).map((name) => readFileSync(join(folder, name)))

let database: string

/** Flips 16 bytes in the middle of frame `frame`'s decoded image, as the latest render shows it. */
function damageShownFrame(frame: number): string {
  const db = new Database(database)
  const render = db.prepare("SELECT settings FROM renders WHERE status = 'done' ORDER BY created_at DESC").get() as {
    settings: string
  }
  const key = `${(JSON.parse(render.settings) as { display: string[] }).display[frame]}/rgb`
  const row = db.prepare('SELECT bytes FROM cache_entries WHERE key = ?').get(key) as { bytes: Buffer }
  for (let i = 0; i < 16; i++) row.bytes[row.bytes.length / 2 + i] ^= 0x5a
  db.prepare('UPDATE cache_entries SET bytes = ? WHERE key = ?').run(row.bytes, key)
  db.close()
  return key
}

beforeAll(async () => {
  const first = await cli('render', project, '--out', join(work, 'first') + '/')
  expect(first.code).toBe(0)
  database = first.json.project.database
  expect(first.json.cache.damaged).toBe(0)
}, 240_000)

/** Renders into a fresh PNG folder; the frames must be exactly the first render's. */
async function renderAgain(folder: string, json: boolean) {
  const run = await runCliCaptured(['render', project, '--out', join(work, folder) + '/', ...(json ? ['--json'] : [])])
  expect(run.code).toBe(0)
  expect(pngs(join(work, folder))).toEqual(pngs(join(work, 'first')))
  return run
}

it('export refuses a damaged frame and writes nothing; render then recomputes it', async () => {
  const key = damageShownFrame(1) // frame 1, so its loss is a gap
  const out = join(work, 'exported.mp4')
  const exported = await cli('export', project, '--out', out)
  expect(exported.code).toBe(1)
  expect(exported.stderr).toMatch(
    /Frame 1 of .* had damaged data \(checksum mismatch\), now dropped: render the project again/,
  )
  expect(existsSync(out)).toBe(false)

  const again = JSON.parse((await renderAgain('again', true)).stdout)
  expect(again.stages.decode.computed).toBe(1)
  const db = new Database(database, { readonly: true })
  expect(db.prepare('SELECT 1 FROM cache_entries WHERE key = ?').get(key)).toBeDefined()
  db.close()
}, 240_000)

it('a damaged last frame is refused, not exported as a shorter video', async () => {
  damageShownFrame(3)
  const out = join(work, 'short.mp4')
  const exported = await cli('export', project, '--out', out)
  expect(exported.code).toBe(1)
  expect(exported.stderr).toMatch(/Frame 3 of .* had damaged data/)
  expect(existsSync(out)).toBe(false)
  await renderAgain('last', true)
}, 240_000)

it('a render that meets a damaged frame recomputes it and says so, as text and in --json', async () => {
  damageShownFrame(2)
  const text = await renderAgain('text', false)
  expect(text.stdout).toMatch(/1 cache entry was damaged \(checksum mismatch\): dropped and recomputed/)
  expect(text.stdout).toMatch(/wrote .*, 4 frames,/)

  damageShownFrame(2)
  const json = JSON.parse((await renderAgain('json', true)).stdout)
  expect(json.cache).toMatchObject({ damaged: 1 })
  expect(json.stages.decode).toMatchObject({ computed: 1 })
  expect(json.providers.models).toEqual({ 'vae/decode@128x128': expect.any(String) }) // only the VAE decoder ran
}, 240_000)
