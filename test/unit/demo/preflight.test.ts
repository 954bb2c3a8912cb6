// The preflight through the CLI, as users meet it: a machine made small with the budget variables refuses
// the render before anything is computed (exit 1, the numbers, what to do; more cases in
// badInput/resources.test.ts), --no-preflight or POSEANIMATE_SKIP_PREFLIGHT=1 renders anyway, and a
// render the cache already holds is never refused.
import Database from 'better-sqlite3'
import { existsSync, mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { runCliCaptured, useTempHome } from '../cli/harness'
import { writeFastDemo } from './fastDemo'

const home = useTempHome('pa-preflight-')
const work = mkdtempSync(join(home, 'work-'))
const project = writeFastDemo(work)
const BUDGETS = ['POSEANIMATE_MEMORY_BUDGET', 'POSEANIMATE_DISK_BUDGET', 'POSEANIMATE_SKIP_PREFLIGHT']
afterEach(() => BUDGETS.forEach((name) => delete process.env[name]))

/** The CLI with these variables set for it (the engine process inherits them). */
async function render(env: Record<string, string>, ...extra: string[]) {
  Object.assign(process.env, env)
  return runCliCaptured(['render', project, ...extra])
}

const renderRows = (database: string) => {
  const db = new Database(database, { readonly: true })
  const n = (db.prepare('SELECT count(*) AS n FROM renders').get() as { n: number }).n
  db.close()
  return n
}

it('too little memory: exit 1 before any work, naming the numbers and the way out', async () => {
  const out = join(work, 'refused.mp4')
  const run = await render({ POSEANIMATE_MEMORY_BUDGET: '1K' }, '--out', out)
  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(
    /Not enough memory for this render: it needs about [\d.]+ MiB \(new sessions and the largest pass, a dca pass of batch \d+ at 16×16 latents\) and 0\.0 MiB is available\./,
  )
  expect(run.stderr).toMatch(/--no-preflight/)
  expect(existsSync(out)).toBe(false)
}, 240_000)

it('--no-preflight and POSEANIMATE_SKIP_PREFLIGHT=1 render anyway; a cached render is never refused', async () => {
  const flagged = await render({ POSEANIMATE_MEMORY_BUDGET: '1K' }, '--no-preflight', '--json')
  expect(flagged.code).toBe(0)
  const json = JSON.parse(flagged.stdout)
  expect(json.cache.computed).toBeGreaterThan(0)
  expect(renderRows(json.project.database)).toBe(1) // the refused runs left no render row

  const cached = await render({ POSEANIMATE_MEMORY_BUDGET: '1K', POSEANIMATE_DISK_BUDGET: '1K' }, '--json')
  expect(cached.code).toBe(0)
  expect(JSON.parse(cached.stdout).cache.computed).toBe(0)

  const edited = writeFastDemo(work, (p) => ((p.render as { steps: number }).steps = 2))
  const skipped = await render({ POSEANIMATE_MEMORY_BUDGET: '1K', POSEANIMATE_SKIP_PREFLIGHT: '1' })
  expect(edited).toBe(project)
  expect(skipped.code).toBe(0)
}, 240_000)
