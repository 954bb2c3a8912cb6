// What every e2e test starts: the test bridge (the BUILT renderer + the real engine, in the test's own
// home) and Debian's chromium on it, with window.studio defined over the bridge and page errors collected.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import type { StudioDialogs } from '../../../src-main/ipc/dialogs'
import type { ExportDialogs } from '../../../src-main/ipc/exportDialogs'
import { startTestBridge, type TestBridge } from '../bridge/server'

export const repoRoot = resolve(import.meta.dirname, '../../..')
const rendererDir = join(repoRoot, 'out/renderer')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const QUIET = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic']
// The rig view needs WebGL: SwiftShader gives it without a GPU.
const SWIFTSHADER = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader']

export interface StudioSession {
  bridge: TestBridge
  page: Page
  /** Uncaught errors in the page, in order: a test ends by expecting none. */
  pageErrors: string[]
  close(): Promise<void>
}

export async function launchStudio(options: {
  /** The test's temporary home: the engine's data, the project library and the browser profile. */
  home: string
  openDialogs?: StudioDialogs
  exportDialogs?: ExportDialogs
  /** false: no GPU and no WebGL (default: WebGL through SwiftShader). */
  webgl?: boolean
  viewport?: { width: number; height: number }
}): Promise<StudioSession> {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('out/renderer is missing: run `npm run build` first (npm run test:e2e does).')
  }
  const { home, openDialogs, exportDialogs } = options
  const libraryDir = join(home, 'projects')
  const bridge = await startTestBridge({ rendererDir, home, libraryDir, openDialogs, exportDialogs })
  const gpu = options.webgl === false ? ['--disable-gpu'] : SWIFTSHADER
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(join(home, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--headless', '--no-first-run', ...QUIET, ...gpu],
      viewport: options.viewport ?? { width: 1400, height: 900 },
    })
  } catch (err) {
    await bridge.close()
    throw err
  }
  await context.addInitScript(bridge.initScript)
  const page = context.pages()[0] ?? (await context.newPage())
  const pageErrors: string[] = []
  page.on('pageerror', (err) => pageErrors.push(err.message))
  return {
    bridge,
    page,
    pageErrors,
    close: async () => {
      await context.close()
      await bridge.close()
    },
  }
}
