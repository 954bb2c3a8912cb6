// Steps of the flow e2e test that drive the studio like a user: the rig and timeline, and render jobs.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { SourceState } from '../../../src-preload/api'

const R_SHOULDER = 2
const R_WRIST = 4
const RENDER_TIMEOUT_MS = 240_000

/** Keys the source pose at 0, rotates the right arm a quarter turn at 8 and keys it, scrubs to frame 4. */
export async function animateRightArm(page: Page, source: SourceState): Promise<void> {
  await page.getByTestId('tab-animate').click()
  await page.getByTestId('rig-timeline-workspace').waitFor()
  if ((await page.getByTestId('rig-view-failure').count()) > 0) {
    throw new Error('The rig view has no WebGL in this chromium: the flow test needs SwiftShader (--use-angle=swiftshader).') // prettier-ignore
  }
  await page.getByTestId('timeline-track').click({ position: { x: 2, y: 5 } }) // frame 0; focus leaves the tabs
  await page.keyboard.press('k')
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight')
  await expect.poll(() => page.getByTestId('frame-counter').textContent()).toBe('8 / 23')

  await page.keyboard.press('r')
  const view = (await page.getByTestId('rig-view').boundingBox())!
  const shoulder = imageToScreen(view, source.image!.width / source.image!.height, source.pose![R_SHOULDER]!)
  const sweep = [0, -20, -45, -70, -90].map((deg) => ({
    x: shoulder.x + 40 * Math.cos((deg * Math.PI) / 180),
    y: shoulder.y + 40 * Math.sin((deg * Math.PI) / 180),
  }))
  await dragPath(page, [{ x: shoulder.x + 8, y: shoulder.y }, ...sweep])
  await page.getByTestId('draft-note').waitFor()
  await page.keyboard.press('k')
  const motion = () =>
    page.evaluate((projectId) => window.studio!.project.open({ projectId }).then((p) => p.keyframes), projectOf(page))
  await expect.poll(async () => (await motion()).length, { timeout: 10_000 }).toBe(9)

  const track = (await page.getByTestId('timeline-track').boundingBox())!
  const xOf = (frame: number) => track.x + (frame / 23) * track.width
  await dragPath(
    page,
    [6, 5, 4].map((f) => ({ x: xOf(f), y: track.y + track.height / 2 })),
  )
  await expect.poll(() => page.getByTestId('frame-counter').textContent()).toBe('4 / 23')
  const wristAt = (f: number) => frames[f].pose[R_WRIST]!
  const frames = await motion()
  const [a, b, c] = [wristAt(0), wristAt(4), wristAt(8)]
  expect(Math.hypot(c.x - a.x, c.y - a.y)).toBeGreaterThan(0.1) // the arm moved
  expect(Math.hypot(b.x - a.x, b.y - a.y)).toBeGreaterThan(0.02) // frame 4 is an in-between
  expect(Math.hypot(b.x - c.x, b.y - c.y)).toBeGreaterThan(0.02)
}

/** Runs `start` (which starts a render job) and waits for that job's outcome, which must read `expected`. */
export async function renderJob(page: Page, expected: string, start: () => Promise<unknown>): Promise<void> {
  const outcome = page.getByTestId('render-outcome')
  const jobOf = async () => ((await outcome.count()) > 0 ? await outcome.getAttribute('data-job') : null)
  const previous = await jobOf()
  await start()
  const finished = async () => ![null, previous].includes(await jobOf())
  await expect.poll(finished, { timeout: RENDER_TIMEOUT_MS, interval: 500 }).toBe(true)
  expect({ state: await outcome.getAttribute('data-state'), text: await outcome.textContent() }).toEqual({
    state: 'done',
    text: expected,
  })
}

/** The frame strip's states, frame by frame. */
export function frameStates(page: Page): Promise<(string | undefined)[]> {
  return page.getByTestId('strip-frame').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.state))
}

function projectOf(page: Page): string {
  return decodeURIComponent(new URL(page.url()).hash.replace(/^#\/?project\//, ''))
}

async function dragPath(page: Page, points: { x: number; y: number }[]) {
  await page.mouse.move(points[0].x, points[0].y)
  await page.mouse.down()
  for (const p of points.slice(1)) await page.mouse.move(p.x, p.y, { steps: 3 })
  await page.mouse.up()
}

/** Where the image camera shows a normalised image point: the image fills the view's height (or width), centred. */
function imageToScreen(
  view: { x: number; y: number; width: number; height: number },
  aspect: number,
  k: { x: number; y: number },
) {
  // prettier-ignore
  const scale = Math.min(view.height, view.width / aspect)
  return {
    x: view.x + view.width / 2 + (k.x - 0.5) * aspect * scale,
    y: view.y + view.height / 2 + (k.y - 0.5) * scale,
  }
}
