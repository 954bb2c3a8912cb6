// The e2e test bridge: serves the BUILT renderer (out/renderer) over http on 127.0.0.1 and answers
// window.studio calls arriving over a WebSocket with the same router, validation and engine process
// that Electron main uses. Only the page's CSP gains the bridge's ws:// origin, and only here.
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { build } from 'vite'
import { WebSocketServer, type WebSocket } from 'ws'
import type { StudioEventName } from '../../../src-preload/api'
import { EngineHost } from '../../../src-main/engine/host/client'
import type { EngineMethods } from '../../../src-main/engine/host/handlers'
import { forkTransport } from '../../../src-main/engine/host/transports/node'
import { createStudioRouter } from '../../../src-main/ipc'
import type { StudioDialogs } from '../../../src-main/ipc/dialogs'
import type { ExportDialogs } from '../../../src-main/ipc/exportDialogs'
import { contentSecurityPolicy, PRODUCTION_CSP } from '../../../src-main/ipc/security'

export interface TestBridge {
  url: string
  wsUrl: string
  /** Script for page.addInitScript: defines window.studio over this bridge. */
  initScript: string
  engine: EngineHost<EngineMethods>
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

export async function startTestBridge(options: {
  rendererDir: string
  home: string
  libraryDir: string
  /** Scripted open dialogs (see openDialogs.ts); without them the dialog verbs say they cannot ask. */
  openDialogs?: StudioDialogs
  /** Scripted save dialog and file manager for exports (see exportDialogs.ts). */
  exportDialogs?: ExportDialogs
}): Promise<TestBridge> {
  const engine = new EngineHost<EngineMethods>(
    forkTransport({
      env: { ...process.env, POSEANIMATE_HOME: options.home, POSEANIMATE_PROJECTS: options.libraryDir },
    }),
  )
  const sockets = new Set<WebSocket>()
  const emit = (name: StudioEventName, payload: unknown) =>
    sockets.forEach((s) => s.send(JSON.stringify({ type: 'event', name, payload })))
  const router = createStudioRouter({
    engine,
    emit,
    openDialogs: options.openDialogs,
    exportDialogs: options.exportDialogs,
  })

  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}/`
  const wsUrl = `ws://127.0.0.1:${port}/studio-bridge`
  server.on(
    'request',
    (req, res) => void serveRenderer(options.rendererDir, `ws://127.0.0.1:${port}`, req.url ?? '/', res),
  )

  // Like the IPC sender check: only our own page may connect.
  const wss = new WebSocketServer({
    server,
    path: '/studio-bridge',
    verifyClient: ({ origin }: { origin: string }) => origin === url.slice(0, -1),
  })
  wss.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('message', async (data) => {
      const { id, channel, arg } = JSON.parse(String(data)) as { id: number; channel: unknown; arg: unknown }
      socket.send(JSON.stringify({ type: 'reply', id, envelope: await router.invoke(channel, arg) }))
    })
  })

  return {
    url,
    wsUrl,
    initScript: await bundleBrowserClient(wsUrl),
    engine,
    close: async () => {
      sockets.forEach((s) => s.terminate())
      await new Promise<void>((done) => wss.close(() => done()))
      await closeServer(server)
      await engine.stop()
    },
  }
}

async function serveRenderer(
  root: string,
  wsOrigin: string,
  requestUrl: string,
  res: import('node:http').ServerResponse,
) {
  const pathname = decodeURIComponent(new URL(requestUrl, 'http://x').pathname)
  const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
  if (!file.startsWith(resolve(root))) return void res.writeHead(403).end()
  try {
    let body: Buffer | string = await readFile(file)
    if (file.endsWith('index.html')) body = withBridgeCsp(body.toString('utf8'), wsOrigin)
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(body)
  } catch {
    res.writeHead(404).end()
  }
}

/** Adds the bridge origin to connect-src of the built page's CSP; fails loudly if that CSP is not there. */
export function withBridgeCsp(html: string, wsOrigin: string): string {
  const escape = (csp: string) => csp.replaceAll("'", '&#39;')
  const production = escape(PRODUCTION_CSP)
  if (!html.includes(`content="${production}"`)) {
    throw new Error('The built index.html does not carry the production CSP; rebuild with `npm run build`.')
  }
  return html.replace(production, escape(contentSecurityPolicy([wsOrigin])))
}

async function bundleBrowserClient(wsUrl: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    define: { __STUDIO_BRIDGE_URL__: JSON.stringify(wsUrl) },
    build: {
      write: false,
      minify: false,
      lib: {
        entry: resolve(import.meta.dirname, 'browserClient.ts'),
        formats: ['iife'],
        name: 'studioBridge',
        fileName: 'client',
      },
    },
  })
  const bundles = (Array.isArray(output) ? output : [output]) as { output: { type: string; code?: string }[] }[]
  const chunk = bundles[0].output.find((o) => o.type === 'chunk')
  if (!chunk?.code) throw new Error('bundling the test bridge client produced no code')
  return chunk.code
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections()
  return new Promise((done) => server.close(() => done()))
}
