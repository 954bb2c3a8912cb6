// Acceptance: `poseanimate render` on the demo project (a fast copy: 3 steps, 4 frames) writes an mp4
// whose frame count and size ffprobe confirms; a second render is all cache hits; `export` re-encodes
// the cached frames; `rerender` re-renders one edited frame and reports the later frames stale.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { probeMedia } from '../../../src-main/engine/export'
import { runBin, runCliCaptured, useTempHome } from '../cli/harness'
import { writeFastDemo } from './fastDemo'

const home = useTempHome('pa-demo-')
const work = mkdtempSync(join(home, 'work-'))
const project = writeFastDemo(work)

/** The in-process dispatcher, always with --json. */
async function cli(...argv: string[]) {
  const { code, stdout, stderr } = await runCliCaptured([...argv, '--json'])
  return { code, json: JSON.parse(stdout || 'null'), stderr }
}

describe('poseanimate render on the demo project', () => {
  let first: { project: { database: string }; cache: unknown; stages: unknown }

  beforeAll(async () => {
    // As users run it: the bin script in its own process.
    first = JSON.parse(await runBin(['render', project, '--out', join(work, 'out', 'demo.mp4'), '--json'], home))
  }, 240_000)

  it('writes an mp4 whose frames and size ffprobe confirms', async () => {
    expect(await probeMedia(join(work, 'out', 'demo.mp4'))).toMatchObject({
      frames: 4, // frame 0 (the source) + 3 target frames
      width: 128,
      height: 128,
      codec: 'h264',
      pixelFormat: 'yuv420p',
    })
    expect(first).toMatchObject({ ok: true, frames: 4, model: { demo: true }, export: { frames: 4 } })
  })

  it('reports per-stage time, cache use and UNet passes', () => {
    expect(first.cache).toMatchObject({ computed: expect.any(Number), reused: 0 })
    expect(first.stages).toMatchObject({ 'pacm-frames': { computed: 3 }, decode: { computed: 4 } })
    // 3 steps: inversion 3 plain passes; stage 4 runs 4 frames × 3 steps × 2 CFG halves with DCA.
    expect(first.stages).toMatchObject({ inversion: { unetPasses: { eps: 3 } }, generate: { unetPasses: { dca: 24 } } })
    expect(first.project).toMatchObject({ imported: true, database: expect.stringContaining(join(home, 'cache')) })
  })

  it('renders an unchanged project from the cache alone', async () => {
    const again = await cli('render', project, '--out', join(work, 'again.webm'))
    expect(again.json).toMatchObject({ cache: { computed: 0 }, unetPasses: { eps: 0, grad: 0, dca: 0 } })
    expect(await probeMedia(join(work, 'again.webm'))).toMatchObject({ frames: 4, codec: 'vp9' })
  })

  it('re-exports the cached frames in another format and size without rendering', async () => {
    const gif = await cli('export', project, '--out', join(work, 'small.gif'), '--width', '64', '--fps', '4')
    expect(gif.json).toMatchObject({ ok: true, format: 'gif', frames: 4, width: 64, height: 64, fps: 4 })
    expect(await probeMedia(join(work, 'small.gif'))).toMatchObject({ frames: 4, width: 64, height: 64 })
    const png = await cli('export', first.project.database, '--out', join(work, 'frames') + '/')
    expect(await probeMedia(png.json.path)).toMatchObject({ frames: 4, width: 128, codec: 'png' })
  })

  it('re-renders one edited frame and reports the later frames stale', async () => {
    const json = JSON.parse(readFileSync(project, 'utf8'))
    json.keyframes[1].pose[4].y -= 0.05 // frame 2 (= keyframe 1 after the source): the wrist moves
    writeFileSync(project, JSON.stringify(json))
    const out = join(work, 'rerendered.mp4')
    const rerendered = await cli('rerender', project, '--frame', '2', '--out', out)
    expect(rerendered.json).toMatchObject({ stale: [3], stages: { 'pacm-frames': { computed: 1 } } })
    expect(await probeMedia(out)).toMatchObject({ frames: 4 })
  }, 240_000) // re-runs stage 3 for one frame and stage 4 on its teacher-forced window
})

describe('render/rerender/export arguments', () => {
  it('refuses what it cannot do, clearly and before rendering', async () => {
    expect(await cli('render', project, '--out', join(work, 'x.avi'))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Cannot export to "\.avi" files .*use video\.mp4/),
    })
    expect((await cli('render', join(work, 'missing.json'))).stderr).toMatch(/No project file at/)
    expect((await cli('rerender', project)).stderr).toMatch(/rerender needs --frame k/)
    expect((await cli('rerender', project, '--frame', '0')).stderr).toMatch(/frame 0 is the source image/)
    expect((await cli('export', project)).stderr).toMatch(/export needs --out/)
    expect((await cli('render', project, '--fps', 'fast', '--out', 'a.mp4')).stderr).toMatch(/--fps must be/)
  })

  it('says when there is nothing rendered to export', async () => {
    const fresh = writeFastDemo(mkdtempSync(join(home, 'fresh-')))
    expect(await cli('export', fresh, '--out', join(work, 'none.mp4'))).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/has not been rendered yet: render it first/),
    })
  })

  it('asks for a model when the project names none', async () => {
    const dir = mkdtempSync(join(home, 'nomodel-'))
    const path = writeFastDemo(dir, (p) => delete p.model)
    expect((await cli('render', path, '--out', join(dir, 'a.mp4'))).stderr).toMatch(
      /names no model: pass --model <SD 1\.5 checkpoint> --controlnet/,
    )
  })
})
