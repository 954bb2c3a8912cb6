// Shared by the CLI tests: a temporary studio home for the test file, the in-process dispatcher with its
// output captured (the engine is still a forked process), and the bin script in its own process.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll } from 'vitest'
import { runCli } from '../../../src-main/cli/index'

const BIN = resolve(import.meta.dirname, '../../../bin/poseanimate.mjs')

/** A fresh folder that is POSEANIMATE_HOME while this file's tests run, removed afterwards. */
export function useTempHome(prefix: string): string {
  const home = mkdtempSync(join(tmpdir(), prefix))
  const saved = process.env.POSEANIMATE_HOME
  beforeAll(() => void (process.env.POSEANIMATE_HOME = home))
  afterAll(() => {
    if (saved === undefined) delete process.env.POSEANIMATE_HOME
    else process.env.POSEANIMATE_HOME = saved
    rmSync(home, { recursive: true, force: true })
  })
  return home
}

/** Runs the CLI dispatcher in this process and returns its exit code and what it printed. */
export async function runCliCaptured(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  })
  return { code, stdout, stderr }
}

/** Runs bin/poseanimate.mjs in its own Node process, as users do (in `cwd`, default ours); its stdout. */
export async function runBin(args: string[], home: string, cwd?: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [BIN, ...args], {
    env: { ...process.env, POSEANIMATE_HOME: home },
    cwd,
  })
  return stdout
}
