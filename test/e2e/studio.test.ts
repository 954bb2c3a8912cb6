// End to end: the BUILT renderer in Debian's chromium against the REAL engine, through the test bridge.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startTestBridge, type TestBridge } from './bridge/server'

const root = resolve(__dirname, '../..')
const rendererDir = join(root, 'out/renderer')
const artifacts = join(root, 'test-artifacts')
const home = mkdtempSync(join(tmpdir(), 'pa-e2e-'))
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

let bridge: TestBridge
let context: BrowserContext
let page: Page
const pageErrors: string[] = []

beforeAll(async () => {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).')
  }
  bridge = await startTestBridge({ rendererDir, home, libraryDir: join(home, 'projects') })
  context = await chromium.launchPersistentContext(join(home, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
  })
  await context.addInitScript(bridge.initScript)
  page = context.pages()[0] ?? (await context.newPage())
  page.on('pageerror', (err) => pageErrors.push(err.message))
})

afterAll(async () => {
  await context?.close()
  await bridge?.close()
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
  expect(pageErrors).toEqual([])
})
