// End to end: the BUILT renderer in Debian's chromium against the REAL engine, through the test bridge.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { TestBridge } from './bridge/server'
import { launchStudio, repoRoot, type StudioSession } from './support/launchStudio'

const artifacts = join(repoRoot, 'test-artifacts')
const home = mkdtempSync(join(tmpdir(), 'pa-e2e-'))

let studio: StudioSession
let bridge: TestBridge
let page: Page

beforeAll(async () => {
  // No WebGL needed: the library and an empty project.
  studio = await launchStudio({ home, webgl: false, viewport: { width: 1280, height: 800 } })
  bridge = studio.bridge
  page = studio.page
})

afterAll(async () => {
  await studio?.close()
  rmSync(home, { recursive: true, force: true })
})

it('creates a project, lists it, reopens it after a reload, and refuses bad input', async () => {
  await page.goto(bridge.url)
  await expect(page.title()).resolves.toBe('PoseAnimate Studio')
  await page.getByTestId('library-empty').waitFor()

  // The served page keeps the production policy, plus the bridge in connect-src only.
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:`)
  expect(csp).toContain("script-src 'self';")
  // Any other connection is refused by the CSP itself (not merely by a closed port).
  const violation = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true })
        fetch('http://127.0.0.1:9/').catch(() => {})
      }),
  )
  expect(violation).toBe('connect-src')

  await page.getByTestId('new-project-name').fill('Knight waves hello')
  await page.getByTestId('create-project').click()
  const card = page.getByTestId('project-card').filter({ hasText: 'Knight waves hello' })
  await card.waitFor()
  // The stored rows are the motion's frames (decision 0151), not the rig's keys.
  expect(await card.textContent()).toContain('0 frames of motion')

  await page.reload()
  await card.waitFor()
  await card.getByTestId('open-project').click()
  await expect.poll(() => page.getByTestId('open-project-name').textContent()).toBe('Knight waves hello')
  await page.getByTestId('project-workspace').waitFor()

  await page.reload()
  await expect.poll(() => page.getByTestId('open-project-name').textContent()).toBe('Knight waves hello')
  await page.getByTestId('project-workspace').waitFor()
  mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: join(artifacts, 'e2e-project-open.png'), fullPage: true })

  // A wrong shape from the page is refused by main's validation, naming the field; nothing is created.
  const refused = await page.evaluate(() =>
    window.studio!.project.create({ name: 42 as unknown as string }).then(
      () => 'accepted',
      (err: Error) => err.message,
    ),
  )
  expect(refused).toBe('Invalid argument for project.create: name: Invalid input: expected string, received number')

  await page.getByTestId('back-to-library').click()
  await expect.poll(() => page.getByTestId('project-card').count()).toBe(1)
  await page.screenshot({ path: join(artifacts, 'e2e-library.png'), fullPage: true })
  expect(studio.pageErrors).toEqual([])
})
