// End to end, the whole flow: the BUILT renderer in Debian's chromium (WebGL through SwiftShader) against
// the REAL engine via the test bridge. Import a photo → the detected pose → rotate the right arm and key it
// at frame 8 → scrub to an in-between at frame 4 → PATA preview → render with the tiny demo model (64², 2
// steps, 4 frames after the source) → mirror the pose at frame 8 → the frames it changed go stale →
// re-render one, before/after → export an mp4 (ffprobe counts its frames) → an export into a read-only
// folder fails in words, loses nothing, and the app goes on → re-render the stale rest.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { probeMedia } from '../../src-main/engine/export'
import { ScriptedExportDialogs } from './bridge/exportDialogs'
import { ScriptedOpenDialogs } from './bridge/openDialogs'
import type { TestBridge } from './bridge/server'
import { readOnlyFolder, type ReadOnlyFolder } from './flow/readOnlyFolder'
import { frameStates, renderJob } from './flow/steps'
import { launchStudio, repoRoot as root, type StudioSession } from './support/launchStudio'
import { animateRightArm } from './support/rig'

const artifacts = join(root, 'test-artifacts')
const home = mkdtempSync(join(tmpdir(), 'pa-e2e-flow-'))
const exports = join(home, 'exports')
const PROJECT = 'arm-wave.poseanim'
const RENDER = { width: '64', height: '64', steps: '2', frames: '4', innerIterations: '1' }

let studio: StudioSession
let bridge: TestBridge
let page: Page
let readOnly: ReadOnlyFolder | null = null
const openDialogs = new ScriptedOpenDialogs([join(root, 'test/fixtures/pose/photos')])
const saveDialogs = new ScriptedExportDialogs([exports])

beforeAll(async () => {
  mkdirSync(exports, { recursive: true })
  mkdirSync(artifacts, { recursive: true })
  studio = await launchStudio({ home, openDialogs, exportDialogs: saveDialogs })
  bridge = studio.bridge
  page = studio.page
})

afterAll(async () => {
  readOnly?.release()
  await studio?.close()
  rmSync(home, { recursive: true, force: true })
})

const shot = (name: string) => page.screenshot({ path: join(artifacts, `e2e-flow-${name}.png`), fullPage: true })

it('goes from a photo to an exported mp4, re-rendering a frame after a pose edit', async () => {
  await page.goto(bridge.url)
  await page.getByTestId('new-project-name').fill('Arm wave')
  await page.getByTestId('create-project').click()
  await page.getByTestId('project-card').getByTestId('open-project').click()

  // Source: the photo through main's (scripted) open dialog; the detector finds the pose.
  openDialogs.answer(join(root, 'test/fixtures/pose/photos/Shorts.jpg'))
  await page.getByTestId('choose-image').click()
  await expect.poll(() => page.getByTestId('pose-status').textContent(), { timeout: 60_000 }).toBe('detected')
  await page.getByTestId('prompt-input').fill('a man in shorts standing on a lawn')
  await page.getByTestId('word-chip-man').click()
  await shot('1-source')

  // Animate: key the pose at 0, rotate the right arm at 8 and key it, scrub to the in-between at 4.
  const source = await page.evaluate((projectId) => window.studio!.source.get({ projectId }), PROJECT)
  await animateRightArm(page, source)
  await shot('2-inbetween')

  // PATA preview, with one fixed transition frame so the render's frames map onto the motion:
  // 0 = the source, 1 = transition, 2 = motion frame 0, 3 = motion frame 1, 4 = motion frame 2.
  await page.getByTestId('tab-pata').click()
  await page.getByTestId('pata-canvas').waitFor()
  await page.getByTestId('pata-auto-length').click()
  await page.getByTestId('pata-transition-frames').fill('1')
  await expect.poll(() => page.getByTestId('pata-transition-count').textContent()).toBe('1 transition frames')
  await shot('3-pata')

  await page.getByTestId('tab-models').click()
  await page.getByTestId('use-demo-model').click()
  await expect.poll(() => page.getByTestId('models-choice').textContent()).toMatch(/demo model/)

  // Render: small settings, saved in the project; progress per stage; the strip fills.
  await page.getByTestId('tab-render').click()
  await page.getByTestId('toggle-settings').click()
  for (const [field, value] of Object.entries(RENDER)) await page.getByTestId(`setting-${field}`).fill(value)
  await shot('4-settings')
  await renderJob(page, 'Render finished.', async () => {
    await page.getByTestId('render-start').click()
    await page.getByTestId('render-stage').waitFor({ timeout: 60_000 })
    await shot('5-rendering')
  })
  await expect.poll(() => frameStates(page)).toEqual(['current', 'current', 'current', 'current', 'current'])
  expect(await page.getByTestId('strip-frame').locator('img').count()).toBe(5)
  const settings = await page.evaluate((projectId) => window.studio!.render.settings({ projectId }), PROJECT)
  expect(settings).toMatchObject({ width: 64, height: 64, steps: 2, frames: 4, innerIterations: 1 })
  await shot('6-rendered')
  const images = await imageIds()

  // Edit one frame's pose: mirror the pose at frame 8. Motion frames 1 and 2 are in-betweens of it.
  await page.getByTestId('tab-animate').click()
  await page.getByTestId('frame-counter').waitFor()
  await page.keyboard.press('ArrowUp') // next key: frame 8
  await expect.poll(() => page.getByTestId('frame-counter').textContent()).toBe('8 / 23')
  const wristAt8 = () => page.evaluate((projectId) => window.studio!.project.open({ projectId }).then((p) => p.keyframes[8].pose[4]), PROJECT) // prettier-ignore
  const unmirrored = await wristAt8()
  await page.keyboard.press('m') // on a keyed frame the edit changes the key itself
  await expect.poll(wristAt8, { timeout: 10_000 }).not.toEqual(unmirrored)
  await page.getByTestId('tab-render').click()
  await expect.poll(() => frameStates(page), { timeout: 20_000 }).toEqual(['current', 'current', 'current', 'stale', 'stale']) // prettier-ignore
  await expect.poll(() => page.getByTestId('stale-count').textContent()).toBe('2 stale')
  await shot('7-stale')

  // Re-render the first changed frame only: it is current, the one after it is still stale.
  await page.locator('[data-testid="strip-frame"][data-frame="3"]').click()
  await renderJob(page, 'Frame re-rendered.', () => page.getByTestId('rerender-frame').click())
  await expect.poll(() => frameStates(page)).toEqual(['current', 'current', 'current', 'current', 'stale'])
  const after = await imageIds()
  expect(after.slice(0, 3)).toEqual(images.slice(0, 3))
  expect(after[3]).not.toBe(images[3])
  await page.getByTestId('compare-toggle').getByText('Before / after').click()
  await expect.poll(() => page.getByTestId('before-after').locator('img').count()).toBe(2)
  await shot('8-before-after')

  // Export an mp4 to the place chosen in main's (scripted) save dialog; the stale frame is warned about.
  await page.getByTestId('open-export').click()
  await expect.poll(() => page.getByTestId('export-stale').textContent()).toMatch(/1 frame is stale/)
  const video = join(exports, 'arm-wave.mp4')
  await exportTo(video)
  await expect.poll(() => page.getByTestId('export-done').textContent(), { timeout: 60_000 }).toMatch(/^Exported5 frames, 64×64 at 12 fps/) // prettier-ignore
  expect(saveDialogs.asked.at(-1)).toEqual({ format: 'mp4', suggestedName: 'arm-wave.mp4' })
  expect(await probeMedia(video)).toMatchObject({ frames: 5, width: 64, height: 64, codec: 'h264' })
  await page.getByTestId('export-reveal').click()
  await expect.poll(() => page.getByTestId('export-revealed').textContent()).toBe(video)
  expect(saveDialogs.revealed).toEqual([video])
  await shot('9-exported')

  // Bad input: a read-only folder. A clear message; the earlier file there and the project are untouched.
  readOnly = readOnlyFolder(join(exports, 'locked'), { 'earlier.mp4': 'an earlier export' })
  await exportTo(join(readOnly.path, 'arm-wave.mp4'))
  await expect.poll(() => page.getByTestId('export-failed').textContent(), { timeout: 30_000 }).toMatch(/read-only or you may not write there.*unchanged/) // prettier-ignore
  await shot('10-read-only')
  expect(readdirSync(readOnly.path)).toEqual(['earlier.mp4'])
  expect(readFileSync(join(readOnly.path, 'earlier.mp4'), 'utf8')).toBe('an earlier export')
  // Still usable: export again elsewhere (replacing the first file only on success), then close.
  const before = readFileSync(video)
  await exportTo(video)
  await expect.poll(() => page.getByTestId('export-done').textContent(), { timeout: 60_000 }).toMatch(/5 frames/)
  expect((await probeMedia(video)).frames).toBe(5)
  expect(readFileSync(video).equals(before)).toBe(true) // same frames, same encoder: the same file
  await page.keyboard.press('Escape')
  await page.getByTestId('export-dialog-body').waitFor({ state: 'detached' })

  // Re-render the stale rest: every frame current.
  await renderJob(page, 'Render finished.', () => page.getByTestId('rerender-stale').click())
  await expect.poll(() => frameStates(page)).toEqual(['current', 'current', 'current', 'current', 'current'])
  expect(await imageIds()).not.toContain(null)
  await shot('11-all-current')
  expect(studio.pageErrors).toEqual([])
})

async function exportTo(path: string) {
  saveDialogs.answer(path)
  await page.getByTestId('export-choose').click()
  await expect.poll(() => page.getByTestId('export-target').textContent()).toBe(path)
  await page.getByTestId('export-start').click()
}

async function imageIds(): Promise<(string | null)[]> {
  const list = await page.evaluate((projectId) => window.studio!.render.frames({ projectId }), PROJECT)
  return list.frames.map((f) => f.imageId)
}
