import { contextBridge, ipcRenderer } from 'electron'
import type { StudioApi } from './api'

const api: StudioApi = {
  app: { info: () => ipcRenderer.invoke('app.info') },
}

contextBridge.exposeInMainWorld('studio', api)
