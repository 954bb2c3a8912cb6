// Job progress on the terminal: one redrawn bar on a TTY, plain lines (per stage and every 10%)
// when piped, nothing in --json mode.
import type { JobProgress } from '../../src-preload/api'

export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write(text: string): unknown
}

export interface ProgressReporter {
  update(progress: JobProgress): void
  /** Ends the bar line (TTY) so later output starts on a fresh line. */
  finish(): void
}

export function createProgressReporter(stream: ProgressStream, options: { json: boolean }): ProgressReporter {
  if (options.json) return { update: () => {}, finish: () => {} }
  return stream.isTTY ? ttyReporter(stream) : lineReporter(stream)
}

function ttyReporter(stream: ProgressStream): ProgressReporter {
  let drawn = false
  return {
    update(p) {
      stream.write(`\r\x1b[K${progressLine(p, (stream.columns ?? 80) - 1)}`)
      drawn = true
    },
    finish() {
      if (drawn) stream.write('\n')
      drawn = false
    },
  }
}

function lineReporter(stream: ProgressStream): ProgressReporter {
  let lastStage = -1
  let lastDecile = -1
  let lastMessage: string | undefined
  return {
    update(p) {
      const decile = Math.floor(p.fraction * 10)
      const same = p.stageIndex === lastStage && decile === lastDecile && p.message === lastMessage
      if (same && p.state === 'running') return
      lastStage = p.stageIndex
      lastDecile = decile
      lastMessage = p.message
      stream.write(`${progressLine(p, 0)}\n`)
    },
    finish() {},
  }
}

/** "[2/5] inversion  ████████░░░░░░░░  48%  3/8  ETA 1m05s"; width 0 = no bar; a running job's note last. */
export function progressLine(p: JobProgress, width: number): string {
  const head = `[${p.stageIndex + 1}/${p.stageCount}] ${p.stage}`
  const note = p.message && p.state === 'running' ? `  ${p.message}` : ''
  const tail = `${Math.round(p.fraction * 100)}%`.padStart(4) + `  ${p.itemsDone}/${p.itemsTotal}  ${eta(p)}${note}`
  const room = width - head.length - tail.length - 4
  if (room < 10) return `${head}  ${tail}`
  const filled = Math.round(p.fraction * room)
  return `${head}  ${'█'.repeat(filled)}${'░'.repeat(room - filled)}  ${tail}`
}

function eta(p: JobProgress): string {
  if (p.state !== 'running') return p.state
  if (p.etaSeconds === null) return 'ETA …'
  const s = Math.round(p.etaSeconds)
  if (s < 60) return `ETA ${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `ETA ${m}m${String(s % 60).padStart(2, '0')}s`
  return `ETA ${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
}
