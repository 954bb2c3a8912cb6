// Acceptance (issue 13): `poseanimate render <demo> --preset draft --json` costs at most a tenth of the
// final's UNet passes, renders every other pose (exported at half the fps, so the timing holds), shares no
// cache entry with the final, and switching back to the final recomputes nothing (decision 0330).
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCliCaptured, useTempHome } from '../cli/harness'
import { DEMO_DIR } from './fastDemo'

const home = useTempHome('pa-preset-')
const work = mkdtempSync(join(home, 'work-'))
const demo = join(DEMO_DIR, 'project.json') // the bundled demo as shipped: 8 steps, 7 target frames

type Passes = { eps: number; grad: number; dca: number }
type Summary = {
  ok: boolean
  frames: number
  render: { preset: string; steps: number; frameStride: number; width: number }
  cache: { computed: number; reused: number }
  unetPasses: Passes
  export: { fps: number; frames: number } | null
}

async function render(...argv: string[]): Promise<Summary> {
  const { code, stdout, stderr } = await runCliCaptured(['render', demo, ...argv, '--json'])
  expect(code, stderr).toBe(0)
  return JSON.parse(stdout)
}

const total = (p: Passes) => p.eps + p.grad + p.dca

describe('render --preset draft|final on the demo project', () => {
  let final: Summary
  let draft: Summary

  beforeAll(async () => {
    final = await render('--preset', 'final')
    draft = await render('--preset', 'draft', '--out', join(work, 'draft.mp4'))
  }, 300_000)

  it('renders the draft with at most a tenth of the final UNet passes', () => {
    expect(final.render).toMatchObject({ preset: 'final', steps: 8, frameStride: 1, width: 128 })
    expect(draft.render).toMatchObject({ preset: 'draft', steps: 1, frameStride: 2, width: 64 })
    expect(total(draft.unetPasses)).toBeGreaterThan(0)
    expect(total(draft.unetPasses) * 10).toBeLessThanOrEqual(total(final.unetPasses))
  })

  it('renders every other pose and exports it at half the fps, keeping the timing', () => {
    expect(final.frames).toBe(8) // the source + 7 target frames
    expect(draft.frames).toBe(4) // the source + target frames 2, 4, 6
    expect(draft.export).toMatchObject({ frames: 4, fps: 4 }) // the demo's 8 fps / 2
  })

  it('caches the draft apart: it reuses nothing of the final, and the final after it recomputes nothing', async () => {
    expect(draft.cache).toMatchObject({ reused: 0 })
    const again = await render('--preset', 'final')
    expect(again.cache).toMatchObject({ computed: 0, reused: 8 })
    expect(total(again.unetPasses)).toBe(0)
  })

  it('refuses an unknown preset as a usage error', async () => {
    const { code, stderr } = await runCliCaptured(['render', demo, '--preset', 'fast', '--json'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/--preset must be final or draft, got "fast"/)
  })
})
