// The CLI dispatcher: global flags, command lookup, output discipline and error reporting.
// Add a command: implement CliCommand in its own file under src-main/cli/ and list it in COMMANDS.
import { asUserError } from '../engine/errors'
import { EngineError } from '../engine/host/protocol'
import { UsageError, type CliCommand, type CliIo } from './command'
import { exportCommand } from './export'
import { farmCommand } from './farmWorker'
import { infoCommand } from './info'
import { poseCommand } from './pose'
import { projectCommand } from './project'
import { renderCommand } from './render'
import { rerenderCommand } from './rerender'

export const COMMANDS: readonly CliCommand[] = [
  infoCommand,
  projectCommand,
  renderCommand,
  rerenderCommand,
  exportCommand,
  poseCommand,
  farmCommand,
]

export interface Console {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
}

/** Runs one CLI invocation and returns the exit code: 0 ok, 1 a failure the user can fix, 2 usage, 70 a bug. */
export async function runCli(argv: string[], console: Console): Promise<number> {
  const json = argv.includes('--json')
  const args = argv.filter((a) => a !== '--json')
  let lastJson: string | undefined
  const io: CliIo = {
    json,
    out: (line) => (json ? (lastJson = line) : console.stdout.write(`${line}\n`)),
    err: (line) => console.stderr.write(`${line}\n`),
  }
  const [name, ...rest] = args
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.stdout.write(usage())
    return name ? 0 : 2
  }
  const command = COMMANDS.find((c) => c.name === name)
  if (!command) {
    console.stderr.write(`poseanimate: unknown command "${name}"\n\n${usage()}`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.stdout.write(`${command.summary}\n\nusage:\n${command.usage}\n`)
    return 0
  }
  try {
    const code = await command.run(rest, io)
    if (json && lastJson !== undefined) console.stdout.write(`${lastJson}\n`)
    return code
  } catch (err) {
    return report(err, name, io, console)
  }
}

function report(err: unknown, command: string, io: CliIo, console: Console): number {
  const code = exitCodeOf(err)
  const message = asUserError(err)?.message ?? (err instanceof Error ? err.message : String(err))
  io.err(code === 70 ? `poseanimate ${command}: internal error: ${message}` : `poseanimate ${command}: ${message}`)
  if (code === 70 && process.env.POSEANIMATE_DEBUG && err instanceof Error) io.err(err.stack ?? '')
  if (io.json) console.stdout.write(`${JSON.stringify({ ok: false, error: message })}\n`)
  return code
}

/** 2: the command line is wrong; 1: the user can fix it (the engine said so, or asUserError maps it); 70: a bug. */
function exitCodeOf(err: unknown): 1 | 2 | 70 {
  if (err instanceof UsageError) return 2
  if (err instanceof EngineError) return err.code === 'internal' || err.code === 'unknown-method' ? 70 : 1
  return asUserError(err) ? 1 : 70
}

export function usage(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(9)} ${c.summary}`)
  return `usage: poseanimate <command> [options] [--json]\n\ncommands:\n${lines.join('\n')}\n\nRun "poseanimate <command> --help" for a command's options.\n`
}
