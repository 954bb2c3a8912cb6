// A CliIo that records what a command prints, for testing command modules directly.
import type { CliIo } from '../../../src-main/cli/command'

export function recordingIo(json = false): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = []
  const errors: string[] = []
  return { json, lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l) }
}
