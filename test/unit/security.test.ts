// Electron security settings, checked without Electron: window options, CSP, the app:// protocol,
// navigation/new-window blocking, permissions, the IPC sender check, the packaging fuses, and the real
// main entry wired with a mocked electron.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { IPC_INVOKE } from '../../src-preload/api'
import { registerStudioIpc } from '../../src-main/ipc/electron'
import {
  APP_ENTRY_URL,
  appFileFor,
  contentSecurityPolicy,
  devContentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  isTrustedRendererUrl,
  mainWindowOptions,
  PRODUCTION_CSP,
  serveRenderer,
  type WebContentsLike,
} from '../../src-main/ipc/security'

const root = resolve(__dirname, '../..')
const directives = (csp: string) =>
  new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values]),
  )

const main = vi.hoisted(() => ({
  windows: [] as unknown[],
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  ipcChannels: [] as string[],
  sandboxed: false,
  permissionHandlerSet: false,
  loaded: [] as string[],
  privilegedSchemes: [] as unknown[],
  handledSchemes: [] as string[],
}))
vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => []
    webContents = { send: () => {} }
    constructor(readonly options: unknown) {
      main.windows.push(options)
    }
    once() {}
    loadFile = vi.fn(async (file: string) => void main.loaded.push(`loadFile ${file}`))
    loadURL = vi.fn(async (url: string) => void main.loaded.push(url))
  }
  return {
    BrowserWindow,
    app: {
      isPackaged: true,
      enableSandbox: () => (main.sandboxed = true),
      whenReady: () => Promise.resolve(),
      on: (event: string, handler: (...args: unknown[]) => void) => main.appHandlers.set(event, handler),
      getPath: () => '/tmp/poseanimate-user-data',
    },
    ipcMain: { handle: (channel: string) => main.ipcChannels.push(channel) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => (main.permissionHandlerSet = true),
        setPermissionCheckHandler: () => {},
        webRequest: { onHeadersReceived: () => {} },
      },
    },
    utilityProcess: { fork: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => main.privilegedSchemes.push(...schemes),
      handle: (scheme: string) => main.handledSchemes.push(scheme),
    },
    net: { fetch: vi.fn() },
    // Dialogs and the file manager are only used when the renderer asks (open/save dialogs, reveal).
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn() },
    shell: { showItemInFolder: vi.fn() },
  }
})

describe('window options', () => {
  it('isolate and sandbox the renderer with no Node access', () => {
    const { webPreferences } = mainWindowOptions('/app/out/preload/index.cjs', { packaged: true })
    expect(webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    })
  })

  it('have DevTools only in development', () => {
    expect(mainWindowOptions('/p.cjs', { packaged: true }).webPreferences.devTools).toBe(false)
    expect(mainWindowOptions('/p.cjs', { packaged: false }).webPreferences.devTools).toBe(true)
  })
})

describe('the app:// protocol', () => {
  const dir = '/app/out/renderer'

  it('maps our URLs into the renderer folder and nothing else', () => {
    expect(appFileFor(APP_ENTRY_URL, dir)).toBe(join(dir, 'index.html'))
    expect(appFileFor('app://studio/', dir)).toBe(join(dir, 'index.html'))
    expect(appFileFor('app://studio/assets/index-abc.js?v=1', dir)).toBe(join(dir, 'assets/index-abc.js'))
    // The URL parser drops dot segments (also encoded ones): they cannot climb out of the folder…
    expect(appFileFor('app://studio/%2e%2e/%2e%2e/etc/passwd', dir)).toBe(join(dir, 'etc/passwd'))
    // …and an encoded slash that would, once decoded, is refused.
    expect(appFileFor('app://studio/..%2f..%2fetc%2fpasswd', dir)).toBeNull()
    expect(appFileFor('app://other/index.html', dir)).toBeNull()
    expect(appFileFor('file:///app/out/renderer/index.html', dir)).toBeNull()
    expect(appFileFor('app://studio/%E0%A4%A', dir)).toBeNull()
  })

  it('serves files with the CSP as a response header, and 404 outside the folder', async () => {
    let handler: ((request: { url: string }) => Promise<Response> | Response) | undefined
    const fetched: string[] = []
    const net = {
      fetch: async (url: string) => {
        fetched.push(url)
        return new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } })
      },
    }
    serveRenderer({ handle: (_scheme, h) => void (handler = h) }, net, dir)
    const page = await handler!({ url: APP_ENTRY_URL })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(PRODUCTION_CSP)
    expect(page.headers.get('content-type')).toBe('text/html')
    expect(await page.text()).toBe('<!doctype html>')
    expect(fetched).toEqual([`file://${join(dir, 'index.html')}`])
    expect((await handler!({ url: 'app://studio/..%2fsecret' })).status).toBe(404)
    expect(fetched).toHaveLength(1)
  })
})

describe('packaging fuses (build/electron-builder.yml)', () => {
  /** The `electronFuses:` block as name → value (flat `key: true|false` lines). */
  function fuses(): Record<string, boolean> {
    const yml = readFileSync(join(root, 'build/electron-builder.yml'), 'utf8')
    const block = /^electronFuses:\n((?: {2}.*\n|\s*#.*\n)+)/m.exec(yml)?.[1] ?? ''
    return Object.fromEntries([...block.matchAll(/^ {2}(\w+): (true|false)\s*$/gm)].map((m) => [m[1], m[2] === 'true']))
  }

  it('turn off Node escape hatches and turn on asar integrity and cookie encryption', () => {
    expect(fuses()).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })
})

describe('content security policy', () => {
  it('allows only our own scripts and connections', () => {
    const csp = directives(PRODUCTION_CSP)
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('connect-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(PRODUCTION_CSP).not.toMatch(/unsafe-eval|ws:|http:|\*/)
  })

  it('adds the test bridge only when asked, and only to connect-src', () => {
    const withBridge = directives(contentSecurityPolicy(['ws://127.0.0.1:5123']))
    expect(withBridge.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:5123'])
    expect(withBridge.get('script-src')).toEqual(["'self'"])
    const dev = directives(devContentSecurityPolicy('http://localhost:5173/'))
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173'])
  })

  it('is injected into the built index.html and nowhere by hand', async () => {
    expect(readFileSync(join(root, 'src-renderer/index.html'), 'utf8')).not.toMatch(/Content-Security-Policy"/)
    const config = (await import('../../electron.vite.config')).default as {
      renderer: { plugins: { name?: string; apply?: string; transformIndexHtml?: () => unknown }[] }
    }
    const plugin = config.renderer.plugins.find((p) => p.name === 'studio-csp')!
    expect(plugin.apply).toBe('build')
    expect(plugin.transformIndexHtml!()).toEqual([
      expect.objectContaining({
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: PRODUCTION_CSP },
      }),
    ])
  })
})

describe('navigation, new windows, webviews and permissions', () => {
  it('are all refused', () => {
    const handlers = new Map<string, (event: { preventDefault(): void }, url?: string) => void>()
    let openHandler: ((d: { url: string }) => { action: string }) | undefined
    const contents = {
      on: (event: string, listener: (event: { preventDefault(): void }, url?: string) => void) =>
        handlers.set(event, listener),
      setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h),
    } as unknown as WebContentsLike
    const blocked: string[] = []
    hardenWebContents(contents, (what) => blocked.push(what))
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn()
      handlers.get(event)!({ preventDefault }, 'https://evil.example/')
      expect(preventDefault, event).toHaveBeenCalled()
    }
    expect(openHandler!({ url: 'https://evil.example/popup' })).toEqual({ action: 'deny' })
    expect(blocked).toContain('a new window for https://evil.example/popup')

    let requestHandler: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined
    let checkHandler: (() => boolean) | undefined
    hardenSession({
      setPermissionRequestHandler: (h) => (requestHandler = h),
      setPermissionCheckHandler: (h) => (checkHandler = h),
    })
    const answer = vi.fn()
    requestHandler!({}, 'media', answer)
    expect(answer).toHaveBeenCalledWith(false)
    expect(checkHandler!()).toBe(false)
  })
})

describe('IPC sender check', () => {
  const appUrl = APP_ENTRY_URL
  it('trusts only our page', () => {
    expect(isTrustedRendererUrl(appUrl, { appUrl })).toBe(true)
    expect(isTrustedRendererUrl(`${appUrl}#/project`, { appUrl })).toBe(true)
    expect(isTrustedRendererUrl('app://studio/evil.html', { appUrl })).toBe(false)
    expect(isTrustedRendererUrl('app://evil/index.html', { appUrl })).toBe(false)
    expect(isTrustedRendererUrl('file:///app/out/renderer/index.html', { appUrl })).toBe(false)
    expect(isTrustedRendererUrl('https://evil.example/', { appUrl })).toBe(false)
    expect(isTrustedRendererUrl(undefined, { appUrl })).toBe(false)
    expect(isTrustedRendererUrl('not a url', { appUrl })).toBe(false)
    const dev = { devServerUrl: 'http://localhost:5173/' }
    expect(isTrustedRendererUrl('http://localhost:5173/src/x', dev)).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5174/', dev)).toBe(false)
  })

  it('refuses messages from other pages before they reach the router', async () => {
    let handler: ((event: unknown, channel: unknown, arg: unknown) => Promise<unknown>) | undefined
    const router = { invoke: vi.fn(async () => ({ ok: true as const, value: 1 })) }
    registerStudioIpc({ handle: (_c, h) => void (handler = h as typeof handler) }, router, (url) => url === appUrl)
    const refused = await handler!({ senderFrame: { url: 'https://evil.example/' } }, 'project.list', undefined)
    expect(refused).toEqual({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/untrusted page/) },
    })
    expect(router.invoke).not.toHaveBeenCalled()
    expect(await handler!({ senderFrame: { url: appUrl } }, 'project.list', undefined)).toEqual({ ok: true, value: 1 })
  })
})

describe('the main entry (src-main/index.ts) with a mocked electron', () => {
  it('opens one secure window, hardens every web contents and registers the one invoke channel', async () => {
    await import('../../src-main/index')
    await vi.waitFor(() => expect(main.windows).toHaveLength(1))
    const preload = join(root, 'src-main/../preload/index.cjs')
    expect(main.windows[0]).toEqual(mainWindowOptions(preload, { packaged: true }))
    expect(main.loaded).toEqual([APP_ENTRY_URL]) // never file://
    expect(main.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ])
    expect(main.handledSchemes).toEqual(['app'])
    expect(main.sandboxed).toBe(true)
    expect(main.permissionHandlerSet).toBe(true)
    expect(main.ipcChannels).toEqual([IPC_INVOKE])
    const onContents = main.appHandlers.get('web-contents-created')!
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() }
    onContents({}, contents)
    expect(contents.setWindowOpenHandler).toHaveBeenCalled()
    expect(contents.on.mock.calls.map((c) => c[0])).toEqual(['will-navigate', 'will-redirect', 'will-attach-webview'])
  })
})
