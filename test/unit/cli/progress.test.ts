import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../../../src-preload/api'
import { createProgressReporter, progressLine } from '../../../src-main/cli/progress'

const at = (patch: Partial<JobProgress>): JobProgress => ({
  jobId: 'j',
  stage: 'pacm-frames',
  stageIndex: 3,
  stageCount: 5,
  stageFraction: 0.25,
  fraction: 0.5,
  itemsDone: 4,
  itemsTotal: 16,
  etaSeconds: 65,
  state: 'running',
  ...patch,
})

describe('terminal progress', () => {
  it('draws a bar that fits the width, with stage, items and ETA', () => {
    const line = progressLine(at({}), 60)
    expect(line).toHaveLength(60) // exactly the width asked for
    expect(line).toMatch(/^\[4\/5\] pacm-frames {2}█+░+ {2} 50% {2}4\/16 {2}ETA 1m05s$/)
    expect(line.split('█').length - 1).toBe(line.split('░').length - 1)
    expect(progressLine(at({ etaSeconds: null }), 0)).toBe('[4/5] pacm-frames   50%  4/16  ETA …')
    expect(progressLine(at({ etaSeconds: 7322 }), 0)).toMatch(/ETA 2h02m$/)
    expect(progressLine(at({ state: 'cancelled' }), 0)).toMatch(/cancelled$/)
  })

  it("shows a running job's note (a farm waiting for Redis) last, and prints it when piped", () => {
    const note = 'farm queue unreachable, reconnecting (4 of 60 s)'
    expect(progressLine(at({ message: note }), 0)).toBe(`[4/5] pacm-frames   50%  4/16  ETA 1m05s  ${note}`)
    expect(progressLine(at({ state: 'failed', message: 'boom' }), 0)).not.toContain('boom')
    const writes: string[] = []
    const reporter = createProgressReporter({ write: (t) => writes.push(t) }, { json: false })
    reporter.update(at({}))
    reporter.update(at({ message: note }))
    reporter.update(at({ message: note }))
    reporter.update(at({}))
    expect(writes.map((w) => w.includes(note))).toEqual([false, true, false])
  })

  it('redraws one line on a TTY and ends it on finish', () => {
    const writes: string[] = []
    const reporter = createProgressReporter({ isTTY: true, columns: 50, write: (t) => writes.push(t) }, { json: false })
    reporter.update(at({ fraction: 0.1 }))
    reporter.update(at({ fraction: 0.2 }))
    reporter.finish()
    expect(writes.slice(0, 2).every((w) => w.startsWith('\r\x1b[K') && !w.includes('\n'))).toBe(true)
    expect(writes.at(-1)).toBe('\n')
  })

  it('prints a line per stage and per 10% when piped, and nothing in --json mode', () => {
    const lines: string[] = []
    const piped = createProgressReporter({ isTTY: false, write: (t) => lines.push(t) }, { json: false })
    for (const fraction of [0.5, 0.52, 0.55, 0.61]) piped.update(at({ fraction }))
    piped.update(at({ fraction: 0.62, stageIndex: 4, stage: 'generate' }))
    expect(lines.map((l) => l.slice(0, 20))).toEqual([
      '[4/5] pacm-frames   ',
      '[4/5] pacm-frames   ',
      '[5/5] generate   62%',
    ])
    const silent: string[] = []
    createProgressReporter({ isTTY: true, write: (t) => silent.push(t) }, { json: true }).update(at({}))
    expect(silent).toEqual([])
  })
})
