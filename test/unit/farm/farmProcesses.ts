// Farm workers and clients as users run them: bin/poseanimate.mjs in processes of their own, with
// their stderr collected so a test can wait for (and act on) what a worker is doing.
import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '../../..')
const BIN = resolve(ROOT, 'bin/poseanimate.mjs')

export interface CliProcess {
  child: ChildProcess
  /** Everything written to stderr so far. */
  log(): string
  /** Resolves with the first stderr line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Resolves with the exit code and stdout. */
  done: Promise<{ code: number | null; stdout: string }>
}

export function runPoseanimate(args: string[], home: string): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, POSEANIMATE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const waiters: { pattern: RegExp; found: (line: string) => void }[] = []
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => {
    stderr += d
    for (const w of [...waiters]) {
      const line = stderr.split('\n').find((l) => w.pattern.test(l))
      if (line) {
        waiters.splice(waiters.indexOf(w), 1)
        w.found(line)
      }
    }
  })
  const done = new Promise<{ code: number | null; stdout: string }>((r) =>
    child.once('exit', (code) => r({ code, stdout })),
  )
  return {
    child,
    log: () => stderr,
    waitFor: (pattern, timeoutMs = 120_000) =>
      new Promise((found, reject) => {
        const line = stderr.split('\n').find((l) => pattern.test(l))
        if (line) return found(line)
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stderr}`)), timeoutMs)
        waiters.push({ pattern, found: (l) => (clearTimeout(timer), found(l)) })
      }),
    done,
  }
}

/** A worker on the queue; `lockSeconds` short so a killed worker's item is taken over quickly. */
export function startWorker(name: string, queue: string, store: string, home: string): CliProcess {
  const args = ['farm', 'worker', '--queue', queue, '--store', store, '--model', 'demo', '--name', name]
  return runPoseanimate([...args, '--lock-seconds', '2'], home)
}

/** Stops a process started here (by its pid) and waits for it to exit. */
export async function stop(p: CliProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return
  p.child.kill(signal)
  await p.done
}

/** The first of `processes` whose stderr has a line matching `pattern` (polled, so nothing is left pending). */
export async function firstToLog(processes: CliProcess[], pattern: RegExp, timeoutMs = 120_000): Promise<CliProcess> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const found = processes.find((p) =>
      p
        .log()
        .split('\n')
        .some((line) => pattern.test(line)),
    )
    if (found) return found
    if (Date.now() > until) throw new Error(`no worker logged ${pattern} within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
