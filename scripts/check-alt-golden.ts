// npm run check:alt-golden — writes the alternate golden set (scripts/make-alt-golden.ts) into a temporary
// folder and runs the unchanged golden suite against it with GOLDEN_DIR pointing there. It passes only if
// no golden test and no model code hard-codes a size, count, key, prompt, timestep or tolerance of the
// real set. Opt-in (about a minute on two shared cores), not part of `npm test`.
//   npm run check:alt-golden [-- --keep]      --keep leaves the folder for inspection
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const repoRoot = resolve(import.meta.dirname, '..')
const keep = process.argv.includes('--keep')
const dir = mkdtempSync(join(tmpdir(), 'alt-golden-'))

function step(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const started = Date.now()
  const run = spawnSync(command, args, { cwd: repoRoot, env, stdio: 'inherit' })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (run.status !== 0) throw new Error(`${label} failed (exit ${run.status ?? run.signal}) after ${seconds} s`)
  console.log(`${label}: ok in ${seconds} s`)
}

try {
  step('make-alt-golden', process.execPath, ['--import', 'tsx', 'scripts/make-alt-golden.ts', '--out', dir, '--force'])
  const vitest = join(repoRoot, 'node_modules/vitest/vitest.mjs')
  step('golden suite on the alternate set', process.execPath, [vitest, 'run', '--project', 'golden'], {
    ...process.env,
    GOLDEN_DIR: dir,
  })
} catch (err) {
  console.error(err instanceof Error ? err.message : err)
  process.exitCode = 1
} finally {
  if (keep) console.log(`alternate set kept in ${dir}`)
  else rmSync(dir, { recursive: true, force: true })
}
