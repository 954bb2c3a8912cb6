// The bad-input suite's table runner: each case builds its inputs in a fresh folder, runs the CLI as
// users do (the in-process dispatcher with a real engine process), and asserts the message, the exit
// code (1 the user's problem, 2 usage, 70 only for bugs) and that no file in its folder changed.
import { createHash } from 'node:crypto'
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { runCliCaptured, useTempHome } from '../cli/harness'

/** 0 only for faults the engine recovers from (crash cases); otherwise 1, 2 or 70. */
export type Exit = 0 | 1 | 2 | 70

export interface CliCase {
  name: string
  /** Builds the inputs in `dir` and returns the CLI arguments. */
  argv(dir: string): string[] | Promise<string[]>
  exit: Exit
  /** Matched against what the CLI printed (stderr, then stdout). */
  message: RegExp
  /** Extra environment for the engine (e.g. a limited ffmpeg), made after argv(); restored afterwards. */
  env?(dir: string): Record<string, string>
  /**
   * Only for recovery cases (exit 0), which are meant to write: checks the folder instead of the
   * "nothing changed" rule.
   */
  after?(dir: string): void
}

/** Every file under `dir` (links by target, never followed) with its sha256: "changed" means this differs. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, entry)
    const stat = lstatSync(path)
    if (stat.isSymbolicLink()) out[entry] = `link → ${readlinkSync(path)}`
    else if (stat.isFile()) out[entry] = createHash('sha256').update(readFileSync(path)).digest('hex')
    else if (stat.isDirectory()) out[entry] = 'folder'
  }
  return out
}

/** Registers one test per case under a shared temporary studio home, and returns that home. */
export function runCliCases(prefix: string, cases: readonly CliCase[]): string {
  const home = useTempHome(prefix)
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const dir = mkdtempSync(join(home, 'case-'))
    const argv = await c.argv(dir)
    const before = snapshot(dir)
    const env = c.env?.(dir) ?? {}
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
    Object.assign(process.env, env)
    let result
    try {
      result = await runCliCaptured(argv)
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
    const printed = `${result.stderr}${result.stdout}`
    expect(printed).toMatch(c.message)
    expect({ exit: result.code, printed }).toMatchObject({ exit: c.exit })
    if (c.after) c.after(dir)
    else expect(snapshot(dir)).toEqual(before)
  })
  return home
}
