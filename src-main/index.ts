// Electron entry: lifecycle only. The engine runs in a utilityProcess; every renderer message goes
// through the validated router (src-main/ipc); window security lives in src-main/ipc/security.ts.
import { app, BrowserWindow, dialog, ipcMain, net, protocol, session, shell, utilityProcess } from 'electron'
import { join } from 'node:path'
import { IPC_EVENT, type StudioEventName, type StudioEvents } from '../src-preload/api'
import { EngineHost } from './engine/host/client'
import type { EngineMethods } from './engine/host/handlers'
import { utilityTransport } from './engine/host/transports/utility'
import { createStudioRouter } from './ipc'
import { electronDialogs } from './ipc/dialogs'
import { registerStudioIpc } from './ipc/electron'
import { electronExportDialogs } from './ipc/exportDialogs'
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  devContentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  isTrustedRendererUrl,
  mainWindowOptions,
  serveRenderer,
} from './ipc/security'

const here = import.meta.dirname
const rendererDir = join(here, '../renderer')
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL

app.enableSandbox()
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])

function broadcast<E extends StudioEventName>(event: E, payload: StudioEvents[E]): void {
  for (const win of BrowserWindow.getAllWindows()) win.webContents.send(IPC_EVENT, event, payload)
}

function startEngine(env: NodeJS.ProcessEnv): EngineHost<EngineMethods> {
  const transport = utilityTransport(utilityProcess.fork, join(here, 'engineHost.js'), env)
  return new EngineHost<EngineMethods>(transport, (state, message) => broadcast('engine.status', { state, message }))
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs'), { packaged: app.isPackaged }))
  win.once('ready-to-show', () => win.show())
  void win.loadURL(devServerUrl ?? APP_ENTRY_URL)
  return win
}

void app.whenReady().then(() => {
  const env = { ...process.env, POSEANIMATE_HOME: process.env.POSEANIMATE_HOME ?? app.getPath('userData') }
  const engine = startEngine(env)
  const openDialogs = electronDialogs(dialog)
  const exportDialogs = electronExportDialogs(dialog, shell)
  const router = createStudioRouter({
    engine,
    emit: broadcast,
    openDialogs,
    exportDialogs,
  })
  const trusted = { appUrl: APP_ENTRY_URL, devServerUrl }
  registerStudioIpc(ipcMain, router, (url) => isTrustedRendererUrl(url, trusted))

  serveRenderer(protocol, net, rendererDir)
  hardenSession(session.defaultSession)
  if (devServerUrl) {
    const csp = devContentSecurityPolicy(devServerUrl)
    session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } }),
    )
  }
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, (what) => console.warn(`[security] blocked ${what}`)),
  )
  app.on('before-quit', () => void engine.stop())
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && createWindow())
  createWindow()
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
