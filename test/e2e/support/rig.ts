// Steps that drive the animate tab like a user (shared by the e2e tests): pointer drags, and the arm wave
// both the source and the flow test animate.
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { Keyframe, SourceState } from '../../../src-preload/api'
import { KP } from '../../../src-main/engine/pose/openpose'

/**
 * Keys the source pose at frame 0, rotates the right arm a quarter turn at frame 8 and keys it, then scrubs
 * to the in-between at frame 4. Returns the project's motion: one pose per frame, 0 to 8.
 */
export async function animateRightArm(page: Page, source: SourceState): Promise<Keyframe[]> {
  await page.getByTestId('tab-animate').click()
  await page.getByTestId('rig-timeline-workspace').waitFor()
  if ((await page.getByTestId('rig-view-failure').count()) > 0) {
    throw new Error('The rig view has no WebGL in this chromium: the test needs SwiftShader (see launchStudio.ts).')
  }
  await page.getByTestId('timeline-track').click({ position: { x: 2, y: 5 } }) // frame 0; focus leaves the tabs
  await page.keyboard.press('k')
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowRight')
  await expect.poll(() => page.getByTestId('frame-counter').textContent()).toBe('8 / 23')

  // Rotate mode, then sweep a quarter turn around the right shoulder.
  await page.keyboard.press('r')
  const view = (await page.getByTestId('rig-view').boundingBox())!
  const shoulder = imageToScreen(view, source.image!.width / source.image!.height, source.pose![KP.RShoulder]!)
  const sweep = [0, -20, -45, -70, -90].map((deg) => ({
    x: shoulder.x + 40 * Math.cos((deg * Math.PI) / 180),
    y: shoulder.y + 40 * Math.sin((deg * Math.PI) / 180),
  }))
  await dragPath(page, [{ x: shoulder.x + 8, y: shoulder.y }, ...sweep])
  await page.getByTestId('draft-note').waitFor()
  await page.keyboard.press('k')
  const motion = () => page.evaluate((projectId) => window.studio!.project.open({ projectId }), projectOf(page))
  await expect.poll(async () => (await motion()).keyframes.length, { timeout: 10_000 }).toBe(9)

  // Scrub from frame 6 back to frame 4 on the track.
  const track = (await page.getByTestId('timeline-track').boundingBox())!
  const xOf = (frame: number) => track.x + (frame / 23) * track.width
  await dragPath(
    page,
    [6, 5, 4].map((f) => ({ x: xOf(f), y: track.y + track.height / 2 })),
  )
  await expect.poll(() => page.getByTestId('frame-counter').textContent()).toBe('4 / 23')

  const frames = (await motion()).keyframes
  expect(frames.map((k) => k.frame)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
  const [a, b, c] = [0, 4, 8].map((f) => frames[f].pose[KP.RWrist]!)
  expect(Math.hypot(c.x - a.x, c.y - a.y)).toBeGreaterThan(0.1) // the arm moved
  // Frame 4 is an in-between: away from both keys.
  expect(Math.hypot(b.x - a.x, b.y - a.y)).toBeGreaterThan(0.02)
  expect(Math.hypot(b.x - c.x, b.y - c.y)).toBeGreaterThan(0.02)
  return frames
}

/** Presses at the first point, moves through the others and releases. */
export async function dragPath(page: Page, points: { x: number; y: number }[]): Promise<void> {
  await page.mouse.move(points[0].x, points[0].y)
  await page.mouse.down()
  for (const p of points.slice(1)) await page.mouse.move(p.x, p.y, { steps: 3 })
  await page.mouse.up()
}

/** The project id the page shows (#/project/<id>). */
function projectOf(page: Page): string {
  return decodeURIComponent(new URL(page.url()).hash.replace(/^#\/?project\//, ''))
}

/** Where the image camera shows a normalised image point: the image fills the view's height (or width), centred. */
function imageToScreen(
  view: { x: number; y: number; width: number; height: number },
  aspect: number,
  k: { x: number; y: number },
) {
  const scale = Math.min(view.height, view.width / aspect)
  return {
    x: view.x + view.width / 2 + (k.x - 0.5) * aspect * scale,
    y: view.y + view.height / 2 + (k.y - 0.5) * scale,
  }
}
