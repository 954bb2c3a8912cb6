// One CLI command. Each domain (project, render, pose, …) exports its commands from its own file
// under src-main/cli/, and src-main/cli.ts dispatches on the first argument.
export interface CliIo {
  /** Human-readable output (stdout). Suppressed in --json mode except for the final JSON line. */
  out(line: string): void
  /** Diagnostics and progress (stderr). */
  err(line: string): void
  /** True when the user passed --json: print exactly one JSON object on stdout at the end. */
  json: boolean
}

export interface CliCommand {
  name: string
  summary: string
  usage: string
  /** Returns the process exit code. Throw a UserError for failures the user can fix, a UsageError for bad arguments. */
  run(args: string[], io: CliIo): Promise<number>
}

// Engine modules throw it too, so it lives in the engine; re-exported for the CLI commands.
export { UsageError, UserError } from '../engine/errors'
