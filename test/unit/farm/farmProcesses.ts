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
  /** Complete stderr lines so far, each with its arrival number (one counter for all processes). */
  lines(): { seq: number; text: string }[]
  /** Resolves with the first stderr line matching `pattern`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Resolves with the exit code and stdout once the process exited and its output is read. */
  done: Promise<{ code: number | null; stdout: string }>
}

let arrivals = 0

/** The arrival number of the latest line so far: pass it to nthToLog to count only later lines. */
export const lastArrival = () => arrivals

export function runPoseanimate(args: string[], home: string): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, POSEANIMATE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const lines: { seq: number; text: string }[] = []
  let partial = ''
  const waiters: { pattern: RegExp; found: (line: string) => void }[] = []
  child.stdout!.on('data', (d) => (stdout += d))
  child.stderr!.on('data', (d) => {
    stderr += d
    const parts = (partial + String(d)).split('\n')
    partial = parts.pop()!
    for (const text of parts) lines.push({ seq: ++arrivals, text })
    for (const w of [...waiters]) {
      const line = stderr.split('\n').find((l) => w.pattern.test(l))
      if (line) {
        waiters.splice(waiters.indexOf(w), 1)
        w.found(line)
      }
    }
  })
  const done = new Promise<{ code: number | null; stdout: string }>((r) =>
    child.once('close', (code) => r({ code, stdout })),
  )
  return {
    child,
    log: () => stderr,
    lines: () => lines,
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

/**
 * The process that logged the `n`-th line matching `pattern` after arrival number `since` (counted over
 * all of them, in arrival order).
 */
export async function nthToLog(
  processes: CliProcess[],
  pattern: RegExp,
  n: number,
  since: number,
  timeoutMs = 120_000,
): Promise<{ process: CliProcess; line: string }> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const matches = processes
      .flatMap((process) => process.lines().map((line) => ({ process, ...line })))
      .filter((l) => l.seq > since && pattern.test(l.text))
      .sort((a, b) => a.seq - b.seq)
    if (matches.length >= n) return { process: matches[n - 1].process, line: matches[n - 1].text }
    if (Date.now() > until) throw new Error(`fewer than ${n} lines ${pattern} within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

/**
 * Farm workers kept running from one scenario to the next (each on the same store folder, emptied
 * between scenarios), so only the first scenario pays their warm-up; a killed one is replaced by a
 * fresh worker with a new name.
 */
export class WorkerPool {
  readonly workers: CliProcess[] = []
  private started = 0

  constructor(
    private readonly size: number,
    private readonly queue: string,
    private readonly store: string,
    private readonly home: string,
  ) {}

  /** Starts a fresh worker for each dead one (without waiting for it). */
  replenish(): void {
    const alive = this.workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null)
    while (alive.length < this.size) alive.push(startWorker(`w${++this.started}`, this.queue, this.store, this.home))
    this.workers.splice(0, this.workers.length, ...alive)
  }

  /** The pool's workers, dead ones replaced, once each is listening on the queue. */
  async ready(): Promise<CliProcess[]> {
    this.replenish()
    await Promise.all(this.workers.map((w) => w.waitFor(/farm worker .* on redis:/)))
    return [...this.workers]
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => stop(w)))
  }
}

/** The --name a worker was started with. */
export const workerName = (w: CliProcess) => w.child.spawnargs[w.child.spawnargs.indexOf('--name') + 1]
