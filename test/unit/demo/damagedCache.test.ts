// Damaged cache data is never exported: bytes flipped in one cached frame make `export` refuse (it
// writes nothing) and the next `render` recompute that frame, giving exactly the frames of the first
// render. Runs the fast demo project through the CLI, as users do.
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
let damagedKey: string

beforeAll(async () => {
  const first = await cli('render', project, '--out', join(work, 'first') + '/')
  expect(first.code).toBe(0)
  database = first.json.project.database
  // Flip bytes in the middle of one decoded frame the render shows (frame 1, so its loss is a gap).
  const db = new Database(database)
  const render = db.prepare("SELECT settings FROM renders WHERE status = 'done'").get() as { settings: string }
  damagedKey = `${(JSON.parse(render.settings) as { display: string[] }).display[1]}/rgb`
  const row = db.prepare('SELECT bytes FROM cache_entries WHERE key = ?').get(damagedKey) as { bytes: Buffer }
  for (let i = 0; i < 16; i++) row.bytes[row.bytes.length / 2 + i] ^= 0x5a
  db.prepare('UPDATE cache_entries SET bytes = ? WHERE key = ?').run(row.bytes, damagedKey)
  db.close()
}, 240_000)

it('export refuses the damaged frame and writes nothing', async () => {
  const out = join(work, 'exported.mp4')
  const exported = await cli('export', project, '--out', out)
  expect(exported.code).toBe(1)
  expect(exported.stderr).toMatch(/Frame \d+ of .* has not been rendered/)
  expect(existsSync(out)).toBe(false)
})

it('render recomputes it and writes exactly the first render’s frames', async () => {
  const again = await cli('render', project, '--out', join(work, 'again') + '/')
  expect(again.code).toBe(0)
  expect(again.json.stages.decode.computed).toBe(1)
  expect(pngs(join(work, 'again'))).toEqual(pngs(join(work, 'first')))
  const db = new Database(database, { readonly: true })
  expect(db.prepare('SELECT 1 FROM cache_entries WHERE key = ?').get(damagedKey)).toBeDefined()
  db.close()
}, 240_000)
