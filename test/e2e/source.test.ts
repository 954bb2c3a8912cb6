// End to end, part A: the BUILT renderer in Debian's chromium (WebGL through SwiftShader) against the REAL
// engine via the test bridge. Create a project → import a real photo → see the detected pose → drag a joint →
// brush the mask → mark the character word → reload: all kept → rotate an arm in the rig and key it at
// frame 8 → scrub to frame 4: an in-between → PATA preview. Bad input: a non-image file, unusable checkpoints.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { SPARSE_MODELS, writeSparseModel } from '../../src-main/engine/host/handlers/testing/sparseModels'
import { ScriptedOpenDialogs } from './bridge/openDialogs'
import type { TestBridge } from './bridge/server'
import { launchStudio, repoRoot as root, type StudioSession } from './support/launchStudio'
import { animateRightArm, dragPath } from './support/rig'

const artifacts = join(root, 'test-artifacts')
const photos = join(root, 'test/fixtures/pose/photos')
const home = mkdtempSync(join(tmpdir(), 'pa-e2e-source-'))
const userFiles = join(home, 'user-files')
const PROJECT = 'shorts-walk.poseanim'
const R_WRIST = 4

let studio: StudioSession
let bridge: TestBridge
let page: Page
const dialogs = new ScriptedOpenDialogs([photos, userFiles])

beforeAll(async () => {
  mkdirSync(userFiles, { recursive: true })
  mkdirSync(artifacts, { recursive: true })
  studio = await launchStudio({ home, openDialogs: dialogs })
  bridge = studio.bridge
  page = studio.page
})

afterAll(async () => {
  await studio?.close()
  rmSync(home, { recursive: true, force: true })
})

const shot = (name: string) => page.screenshot({ path: join(artifacts, `e2e-source-${name}.png`) })
const source = () => page.evaluate((projectId) => window.studio!.source.get({ projectId }), PROJECT)

it('imports a photo, edits pose, mask and words, keeps them across a reload, animates the rig and previews PATA', async () => {
  await page.goto(bridge.url)
  await page.getByTestId('new-project-name').fill('Shorts walk')
  await page.getByTestId('create-project').click()
  await page.getByTestId('project-card').getByTestId('open-project').click()
  await page.getByTestId('source-dropzone').waitFor()
  await shot('1-empty')

  // A file that is not an image, dropped on the panel: a clear message, nothing imported, still usable.
  await dropFile(page, 'notes.txt', 'text/plain', Buffer.from('shopping list: eggs, milk'))
  await expect
    .poll(() => page.getByTestId('source-problem').textContent())
    .toContain('notes.txt is not a PNG or JPEG image.')
  await page.getByTestId('source-dropzone').waitFor()
  await shot('2-not-an-image')

  // The photo, picked in the (scripted) dialog main shows: detected pose and mask appear.
  dialogs.answer(join(photos, 'Shorts.jpg'))
  await page.getByTestId('choose-image').click()
  await expect.poll(() => page.getByTestId('pose-status').textContent(), { timeout: 30_000 }).toBe('detected')
  await expect.poll(() => page.getByTestId('mask-status').textContent(), { timeout: 30_000 }).toMatch(/% of the image/)
  expect(dialogs.asked.at(-1)?.title).toBe('Import a character image')
  const detected = (await source()).pose!
  expect(detected.filter(Boolean).length).toBeGreaterThanOrEqual(12)
  await shot('3-detected')

  // Drag the right wrist 30 px right and 20 px down.
  const wrist = await centre(page.getByTestId('pose-joint-RWrist'))
  await dragPath(page, [wrist, { x: wrist.x + 15, y: wrist.y + 10 }, { x: wrist.x + 30, y: wrist.y + 20 }])
  await expect.poll(() => page.getByTestId('pose-status').textContent()).toBe('edited')
  const box = await page.getByTestId('source-image-box').boundingBox()
  const dragged = (await source()).pose![R_WRIST]!
  expect(dragged.x).toBeCloseTo(detected[R_WRIST]!.x + 30 / box!.width, 2)
  expect(dragged.y).toBeCloseTo(detected[R_WRIST]!.y + 20 / box!.height, 2)

  // Brush the mask over the top-left corner (background there).
  const before = await maskAt(0.08, 0.06)
  expect(before).toBeLessThan(128)
  await page.getByTestId('stage-tool').getByText('Paint mask').click()
  await dragPath(
    page,
    [0.03, 0.06, 0.13].map((t) => ({ x: box!.x + t * box!.width, y: box!.y + 0.06 * box!.height })),
  )
  await expect.poll(() => maskAt(0.08, 0.06)).toBe(255)

  // The prompt, and "man" marked as the character.
  await page.getByTestId('prompt-input').fill('a man in shorts standing on a lawn')
  await page.getByTestId('word-chip-man').click()
  await expect.poll(async () => (await source()).characterWords).toEqual(['man'])
  await shot('4-edited')

  // Everything is in the project database: a reload shows it again.
  const saved = await source()
  await page.reload()
  await expect.poll(() => page.getByTestId('pose-status').textContent()).toBe('edited')
  expect(await source()).toEqual(saved)
  expect(await page.getByTestId('prompt-input').inputValue()).toBe('a man in shorts standing on a lawn')
  expect(await page.getByTestId('word-chip-man').locator('input').isChecked()).toBe(true)
  expect(await page.getByTestId('word-chip-lawn').locator('input').isChecked()).toBe(false)
  expect(await maskAt(0.08, 0.06)).toBe(255)
  const movedWrist = await centre(page.getByTestId('pose-joint-RWrist'))
  const reloadedBox = (await page.getByTestId('source-image-box').boundingBox())!
  expect(movedWrist.x).toBeCloseTo(reloadedBox.x + dragged.x * reloadedBox.width, 0)

  // Nothing to preview before there is motion: the preview says what to do.
  await page.getByTestId('tab-pata').click()
  await expect.poll(() => page.getByTestId('pata-empty').textContent()).toMatch(/key a pose on the timeline first/)

  await animateRightArm(page, saved)
  await shot('5-inbetween')
  await previewPata()
  expect(studio.pageErrors).toEqual([])
})

it('refuses unusable checkpoints with the loader’s message and takes a full-size SD 1.5 model', async () => {
  await page.getByTestId('tab-models').click()
  await page.getByTestId('models-choice').waitFor()
  await expect.poll(() => page.getByTestId('execution-provider').textContent()).toMatch(/CPU|CUDA/)
  // The provider setting is the machine's: saved in the studio's data folder, the next render uses it.
  await page.getByTestId('provider-setting').click()
  await page.getByRole('option', { name: 'CPU only' }).click()
  const settingsFile = join(home, 'settings.json')
  await expect.poll(() => existsSync(settingsFile) && readFileSync(settingsFile, 'utf8')).toMatch(/"provider": "cpu"/)
  await expect.poll(() => page.getByTestId('execution-provider').textContent()).toMatch(/Runs onCPU/)

  dialogs.answer(join(userFiles, 'gone.safetensors'))
  await page.getByTestId('choose-checkpoint').click()
  await expect.poll(() => page.getByTestId('models-error').textContent()).toMatch(/gone\.safetensors does not exist/)

  const pickle = join(userFiles, 'v1-5-pruned-emaonly.ckpt')
  writeFileSync(pickle, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))
  dialogs.answer(pickle)
  await page.getByTestId('choose-checkpoint').click()
  await expect.poll(() => page.getByTestId('models-error').textContent()).toMatch(/is a PyTorch pickle checkpoint/)
  await shot('8-models-refused')
  expect(await page.getByTestId('models-choice').textContent()).toMatch(/No model chosen yet/)

  dialogs.answer(writeSparseModel(join(userFiles, 'v1-5-pruned-emaonly.safetensors'), SPARSE_MODELS.checkpoint))
  await page.getByTestId('choose-checkpoint').click()
  await expect.poll(() => page.getByTestId('models-choice').textContent()).toMatch(/v1-5-pruned-emaonly\.safetensors/)
  dialogs.answer(writeSparseModel(join(userFiles, 'control_v11p_sd15_openpose.safetensors'), SPARSE_MODELS.controlnet))
  await page.getByTestId('choose-controlnet').click()
  await expect.poll(() => page.getByTestId('models-choice').textContent()).toMatch(/control_v11p_sd15_openpose/)
  await page.getByTestId('use-demo-model').click()
  await expect.poll(() => page.getByTestId('models-choice').textContent()).toMatch(/demo model/)
  await shot('9-models')
  expect(studio.pageErrors).toEqual([])
})

async function previewPata() {
  await page.getByTestId('tab-pata').click()
  await page.getByTestId('pata-canvas').waitFor()
  const count = await page.getByTestId('pata-transition-count').textContent()
  expect(count).toMatch(/^\d+ transition frames$/)
  await page.getByTestId('pata-play').click()
  await page.waitForTimeout(400)
  await page.getByTestId('pata-play').click()
  await shot('6-pata')
  // A fixed transition of 5 frames: saved for the render, and the preview follows.
  await page.getByTestId('pata-auto-length').click()
  await page.getByTestId('pata-transition-frames').fill('5')
  await expect.poll(() => page.getByTestId('pata-transition-count').textContent()).toBe('5 transition frames')
  const saved = await page.evaluate((projectId) => window.studio!.pata.preview({ projectId }), PROJECT)
  expect(saved.options.transitionFrames).toBe(5)
  expect(saved.poses).toHaveLength(1 + 5 + 9)
  await shot('7-pata-fixed')
  // The hidden workspace ignores its shortcuts: K here keys nothing.
  const keys = async () =>
    (await page.evaluate((projectId) => window.studio!.animation.get({ projectId }), PROJECT))!.keys
  expect(await keys()).toHaveLength(2)
  await page.locator('body').click({ position: { x: 5, y: 880 } })
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('k')
  await page.waitForTimeout(500)
  expect(await keys()).toHaveLength(2)
}

async function dropFile(p: Page, name: string, type: string, bytes: Buffer) {
  const transfer = await p.evaluateHandle(
    ({ name, type, base64 }) => {
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
      const dt = new DataTransfer()
      dt.items.add(new File([data], name, { type }))
      return dt
    },
    { name, type, base64: bytes.toString('base64') },
  )
  await p.getByTestId('source-panel').dispatchEvent('drop', { dataTransfer: transfer })
}

async function centre(locator: ReturnType<Page['getByTestId']>) {
  const b = (await locator.boundingBox())!
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 }
}

/** The saved mask's value at a normalised image point. */
async function maskAt(x: number, y: number): Promise<number> {
  const mask = await page.evaluate((projectId) => window.studio!.source.mask({ projectId }), PROJECT)
  const values = Buffer.from(mask!.valuesBase64, 'base64')
  return values[Math.floor(y * mask!.height) * mask!.width + Math.floor(x * mask!.width)]
}
