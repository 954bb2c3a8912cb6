// End to end, the animator's loop (issue 13): the BUILT renderer in Debian's chromium against the REAL engine
// via the test bridge. Photo → arm wave → after clicking a tab, ←/Home step frames (not tabs) → the render
// preflight with no prompt: one message, its button opens the Source tab → a draft render, the player plays
// it → the final render, the player plays it; the draft was never shown as current in final mode → the
// layout at 1024×640 → loop mode: a draft that comes back to the source pose, played round.
// Screenshots: test-artifacts/e2e-loop-*.png.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ScriptedOpenDialogs } from './bridge/openDialogs'
import type { TestBridge } from './bridge/server'
import { frameStates, renderJob } from './flow/steps'
import { launchStudio, repoRoot as root, type StudioSession } from './support/launchStudio'
import { animateRightArm } from './support/rig'

const artifacts = join(root, 'test-artifacts')
const home = mkdtempSync(join(tmpdir(), 'pa-e2e-loop-'))
const PROJECT = 'arm-loop.poseanim'
const RENDER = { width: '64', height: '64', steps: '2', frames: '4', innerIterations: '1' }

let studio: StudioSession
let bridge: TestBridge
let page: Page
const openDialogs = new ScriptedOpenDialogs([join(root, 'test/fixtures/pose/photos')])

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true })
  studio = await launchStudio({ home, openDialogs })
  bridge = studio.bridge
  page = studio.page
})

afterAll(async () => {
  await studio?.close()
  rmSync(home, { recursive: true, force: true })
})

const shot = (name: string) => page.screenshot({ path: join(artifacts, `e2e-loop-${name}.png`), fullPage: true })
const counter = () => page.getByTestId('frame-counter').textContent()

/** Plays the player and waits until it has shown two different frames; returns the frames it showed. */
async function playerPlays(): Promise<Set<string>> {
  const seen = new Set<string>()
  const player = page.getByTestId('player')
  await page.getByTestId('player-play').click()
  await expect.poll(() => player.getAttribute('data-playing')).toBe('true')
  await expect
    .poll(async () => seen.add((await player.getAttribute('data-frame')) ?? '').size, { timeout: 10_000, interval: 50 })
    .toBeGreaterThanOrEqual(2)
  await page.getByTestId('player-play').click() // pause
  return seen
}

it('drafts, watches, fixes and renders the final, with keyboard frame stepping and a preflight', async () => {
  await page.goto(bridge.url)
  await page.getByTestId('new-project-name').fill('Arm loop')
  await page.getByTestId('create-project').click()
  await page.getByTestId('project-card').getByTestId('open-project').click()
  openDialogs.answer(join(root, 'test/fixtures/pose/photos/Shorts.jpg'))
  await page.getByTestId('choose-image').click()
  await expect.poll(() => page.getByTestId('pose-status').textContent(), { timeout: 60_000 }).toBe('detected')
  const source = await page.evaluate((projectId) => window.studio!.source.get({ projectId }), PROJECT)
  await animateRightArm(page, source) // leaves the timeline at frame 4

  // Keyboard focus: after clicking the Animate tab (focus on the tab), ← and Home step frames, not tabs.
  await page.getByTestId('tab-animate').click()
  await page.keyboard.press('ArrowLeft')
  await expect.poll(counter).toBe('3 / 23')
  await page.keyboard.press('Home')
  await expect.poll(counter).toBe('0 / 23')
  await page.keyboard.press('End')
  await expect.poll(counter).toBe('23 / 23')
  expect(await page.getByTestId('tab-animate').getAttribute('aria-selected')).toBe('true')
  await shot('1-keyboard-stepping')

  // Preflight: the model is chosen, the prompt is not: one message, whose button opens the Source tab.
  await page.getByTestId('tab-models').click()
  await page.getByTestId('use-demo-model').click()
  await expect.poll(() => page.getByTestId('models-choice').textContent()).toMatch(/demo model/)
  await page.getByTestId('tab-render').click()
  await expect.poll(() => page.getByTestId('render-check').count(), { timeout: 20_000 }).toBe(1)
  expect(await page.getByTestId('render-check').textContent()).toMatch(/no prompt/)
  expect(await page.getByTestId('render-start').isDisabled()).toBe(true)
  await shot('2-preflight-no-prompt')
  await page.getByTestId('render-check-fix-source').click()
  expect(await page.getByTestId('tab-source').getAttribute('aria-selected')).toBe('true')
  await page.getByTestId('prompt-input').fill('a man in shorts standing on a lawn')
  await page.getByTestId('word-chip-man').click()
  await shot('3-source-tab-from-preflight')

  // Draft: small settings, the Draft preset, render; the player plays every other pose.
  await page.getByTestId('tab-render').click()
  await expect.poll(() => page.getByTestId('render-check').count(), { timeout: 20_000 }).toBe(0)
  await page.getByTestId('toggle-settings').click()
  for (const [field, value] of Object.entries(RENDER)) await page.getByTestId(`setting-${field}`).fill(value)
  await page.getByTestId('render-preset').getByText('Draft').click()
  await expect.poll(() => page.getByTestId('render-start').textContent()).toBe('Render draft')
  await renderJob(page, 'Render finished.', () => page.getByTestId('render-start').click())
  await expect.poll(() => frameStates(page)).toEqual(['current', 'current', 'current']) // source + poses 2, 4
  await expect.poll(() => page.getByTestId('player-label').textContent()).toMatch(/6 fps · draft: every other pose$/) // prettier-ignore
  expect((await playerPlays()).size).toBeGreaterThanOrEqual(2)
  await shot('4-draft-playing')

  // Final: the draft's frames are never current under the final settings; render, the player plays it.
  await page.getByTestId('render-preset').getByText('Final').click()
  await expect.poll(() => frameStates(page), { timeout: 20_000 }).toEqual(['stale', 'stale', 'stale', 'missing', 'missing']) // prettier-ignore
  await shot('5-final-before-render')
  await renderJob(page, 'Render finished.', () => page.getByTestId('render-start').click())
  await expect.poll(() => frameStates(page)).toEqual(['current', 'current', 'current', 'current', 'current'])
  await expect.poll(() => page.getByTestId('player-label').textContent()).toMatch(/of 4 · .* · 12 fps$/)
  expect((await playerPlays()).size).toBeGreaterThanOrEqual(2)
  await shot('6-final-playing')
  expect(studio.pageErrors).toEqual([])
})

it('keeps the 3D view and the timeline inside a 1024×640 window', async () => {
  await page.setViewportSize({ width: 1024, height: 640 })
  await page.getByTestId('tab-animate').click()
  await page.getByTestId('rig-timeline-workspace').waitFor()
  await shot('7-layout-1024x640')
  const inside = async (testId: string) => {
    const box = (await page.getByTestId(testId).boundingBox())!
    return box.y >= 0 && box.y + box.height <= 640 && box.x >= 0 && box.x + box.width <= 1024
  }
  expect({ view: await inside('rig-view'), timeline: await inside('timeline-track') }).toEqual({
    view: true,
    timeline: true,
  })
})

it('loop mode adds a transition back to the source pose, and the player plays the cycle round', async () => {
  await page.setViewportSize({ width: 1400, height: 900 })
  await page.getByTestId('tab-render').click()
  const before = (await frameStates(page)).length // the final render: the source + 4 frames
  await page.getByTestId('setting-loop').click({ force: true })
  await page.getByTestId('render-preset').getByText('Draft').click()
  await renderJob(page, 'Render finished.', () => page.getByTestId('render-start').click())
  const states = await frameStates(page)
  // Every other pose of the 5 forward poses and of the way back: more frames than the forward draft's 3.
  expect(states.length).toBeGreaterThan(Math.ceil(before / 2))
  expect(states.every((s) => s === 'current')).toBe(true)
  const last = String(states.length - 1)

  // Play: the player reaches the last frame and comes round to frame 0 again.
  const player = page.getByTestId('player')
  const shown: string[] = []
  await page.getByTestId('player-play').click()
  await expect
    .poll(
      async () => {
        const frame = (await player.getAttribute('data-frame')) ?? ''
        if (shown.at(-1) !== frame) shown.push(frame)
        const end = shown.indexOf(last)
        return end >= 0 && shown.slice(end + 1).includes('0')
      },
      { timeout: 20_000, interval: 30 },
    )
    .toBe(true)
  await shot('8-loop-cycle')
  await page.getByTestId('player-play').click()
  expect(studio.pageErrors).toEqual([])
})
