// Window security as pure data and small functions, so tests check them without Electron.
// Context isolation, sandbox, no Node in the renderer, a strict CSP (meta tag and response header),
// the page served from app:// rather than file://, no DevTools when packaged, no navigation, no new
// windows, no permissions, and IPC accepted only from our own page.
import { isAbsolute, join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The renderer's Content-Security-Policy. `extraConnect` exists only for the e2e test bridge. */
export function contentSecurityPolicy(extraConnect: readonly string[] = []): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    // Mantine writes its CSS variables into a <style> element at runtime.
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['media-src', "'self'", 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...extraConnect],
    ['worker-src', "'self'", 'blob:'],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ]
  return directives.map((d) => d.join(' ')).join('; ')
}

/** The CSP the built renderer carries (injected into index.html at build time). */
export const PRODUCTION_CSP = contentSecurityPolicy()

/** BrowserWindow options of the studio window (a structural subset of Electron's type). */
export function mainWindowOptions(preloadPath: string, { packaged }: { packaged: boolean }) {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    backgroundColor: '#1a1b1e',
    show: false,
    title: 'PoseAnimate Studio',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
      // Packaged builds ship no DevTools (an attacker with the window would get a console).
      devTools: !packaged,
    },
  } as const
}

/**
 * The built renderer is served from app://studio/ (Electron checklist: avoid file://). Registered as
 * standard (real origin, relative URLs resolve) and secure (counts as a secure context), before ready.
 */
export const APP_SCHEME = 'app'
export const APP_ENTRY_URL = `${APP_SCHEME}://studio/index.html`
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const

/** The file under `rendererDir` that an app:// URL names, or null (another host, a path escaping the folder). */
export function appFileFor(url: string, rendererDir: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== 'studio') return null
  let path: string
  try {
    path = decodeURIComponent(parsed.pathname)
  } catch {
    return null
  }
  const file = join(rendererDir, path === '/' ? 'index.html' : path)
  const inside = relative(rendererDir, file)
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? file : null
}

/** The parts of Electron's protocol and net modules that serving app:// needs. */
export interface ProtocolLike {
  handle(scheme: string, handler: (request: { url: string }) => Promise<Response> | Response): void
}
export interface NetLike {
  fetch(url: string): Promise<Response>
}

/** Serves the built renderer on app://studio/, every response carrying the CSP as a header too. */
export function serveRenderer(protocol: ProtocolLike, net: NetLike, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appFileFor(request.url, rendererDir)
    if (!file) return new Response('Not found', { status: 404 })
    const response = await net.fetch(pathToFileURL(file).href)
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', PRODUCTION_CSP)
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(response.body, { status: response.status, headers })
  })
}

export interface TrustedOrigin {
  /** app:// URL of the built renderer's index.html (production). */
  appUrl?: string
  /** Origin of the electron-vite dev server (development only). */
  devServerUrl?: string
}

/** True only for our own page: the exact index.html file, or the dev server's origin. */
export function isTrustedRendererUrl(url: string | undefined, trusted: TrustedOrigin): boolean {
  if (!url) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (trusted.appUrl && parsed.protocol === `${APP_SCHEME}:`) {
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}` === new URL(trusted.appUrl).href
  }
  if (trusted.devServerUrl) return parsed.origin === new URL(trusted.devServerUrl).origin
  return false
}

/** The parts of Electron's WebContents that hardening touches. */
export interface WebContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/** Blocks every navigation away from the app, every new window and every <webview>. */
export function hardenWebContents(contents: WebContentsLike, onBlocked: (what: string) => void = () => {}): void {
  const block = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault()
    onBlocked(`navigation to ${url}`)
  }
  contents.on('will-navigate', block)
  contents.on('will-redirect', block)
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    onBlocked('a <webview>')
  })
  contents.setWindowOpenHandler(({ url }) => {
    onBlocked(`a new window for ${url}`)
    return { action: 'deny' }
  })
}

/** The parts of Electron's Session that hardening touches. */
export interface SessionLike {
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (ok: boolean) => void) => void): void
  setPermissionCheckHandler(handler: () => boolean): void
}

/** The studio needs no browser permissions (camera, notifications, …): refuse them all. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

/** Development only (electron-vite dev server): hot reload needs inline scripts and its websocket. */
export function devContentSecurityPolicy(devServerUrl: string): string {
  const ws = new URL(devServerUrl)
  ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:'
  return contentSecurityPolicy([ws.origin]).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
}
