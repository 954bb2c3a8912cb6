// Issue 15 end to end in the built studio (Debian chromium, WebGL through SwiftShader, the real engine via
// the test bridge): import a photo → key the detected pose at frame 0 → at frame 8 choose a peace sign for
// the right hand and a smile from the rig toolbar and key it → scrub to the in-between → PATA preview →
// render with the tiny demo model. Screenshots of the rig with hands, the PATA preview and the rendered
// strip go to test-artifacts/ (e2e-hands-*.png).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ScriptedOpenDialogs } from './bridge/openDialogs'
import type { TestBridge } from './bridge/server'
import { frameStates, renderJob } from './flow/steps'
import { launchStudio, repoRoot as root, type StudioSession } from './support/launchStudio'

const artifacts = join(root, 'test-artifacts')
const home = mkdtempSync(join(tmpdir(), 'pa-e2e-hands-'))
const PROJECT = 'hands.poseanim'
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

const shot = (name: string) => page.screenshot({ path: join(artifacts, `e2e-hands-${name}.png`), fullPage: true })
const savedKeys = () =>
  page.evaluate((projectId) => window.studio!.animation.get({ projectId }), PROJECT).then((a) => a?.keys ?? [])

it('keys a library hand pose at a later frame, previews it in PATA and renders it', async () => {
  await page.goto(bridge.url)
  await page.getByTestId('new-project-name').fill('Hands')
  await page.getByTestId('create-project').click()
  await page.getByTestId('project-card').getByTestId('open-project').click()
  openDialogs.answer(join(root, 'test/fixtures/pose/photos/Shorts.jpg'))
  await page.getByTestId('choose-image').click()
  await expect.poll(() => page.getByTestId('pose-status').textContent(), { timeout: 60_000 }).toBe('detected')
  await page.getByTestId('prompt-input').fill('a man in shorts standing on a lawn')
  await page.getByTestId('word-chip-man').click()

  await page.getByTestId('tab-animate').click()
  await page.getByTestId('rig-timeline-workspace').waitFor()
  expect(await page.getByTestId('rig-view-failure').count()).toBe(0)
  await page.getByTestId('timeline-track').click({ position: { x: 2, y: 5 } }) // frame 0
  await page.keyboard.press('k')
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight')
  await expect.poll(() => page.getByTestId('frame-counter').textContent()).toBe('8 / 23')
  await page.getByTestId('hand-pose-right').selectOption('peace')
  await page.getByTestId('face-expression').selectOption('smile')
  await page.getByTestId('timeline-track').focus()
  await page.keyboard.press('k')
  await expect.poll(async () => (await savedKeys()).length, { timeout: 10_000 }).toBe(2)
  const keys = await savedKeys()
  expect(keys[0].hands).toBeUndefined()
  expect(keys[1]).toMatchObject({ frame: 8, face: { smile: 1 }, hands: { left: null } })
  expect(keys[1].hands!.right!.flex).toHaveLength(15)
  await shot('1-rig-key')
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft')
  await expect.poll(() => page.getByTestId('frame-counter').textContent()).toBe('5 / 23')
  await shot('2-rig-inbetween')

  await page.getByTestId('tab-pata').click()
  await page.getByTestId('pata-canvas').waitFor()
  const preview = await page.evaluate((projectId) => window.studio!.pata.preview({ projectId }), PROJECT)
  expect(preview.parts?.at(-1)?.rightHand).toHaveLength(21)
  const slider = page.getByTestId('pata-frame-slider').getByRole('slider')
  await slider.focus()
  await page.keyboard.press('End') // the last frame: the keyed peace sign and smile
  await expect.poll(() => page.getByTestId('pata-frame').textContent()).toBe('9 / 9')
  await shot('3-pata')

  await page.getByTestId('tab-models').click()
  await page.getByTestId('use-demo-model').click()
  await expect.poll(() => page.getByTestId('models-choice').textContent()).toMatch(/demo model/)
  await page.getByTestId('tab-render').click()
  await page.getByTestId('toggle-settings').click()
  for (const [field, value] of Object.entries(RENDER)) await page.getByTestId(`setting-${field}`).fill(value)
  await renderJob(page, 'Render finished.', () => page.getByTestId('render-start').click())
  await expect.poll(() => frameStates(page)).toEqual(new Array(5).fill('current'))
  await shot('4-rendered')
}, 400_000)
