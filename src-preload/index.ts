// The preload exposes exactly the contract (src-preload/api.ts) as window.studio and nothing else:
// one invoke channel carrying (channel, argument), one event channel carrying (event, payload).
import { contextBridge, ipcRenderer } from 'electron'
import { IPC_EVENT, IPC_INVOKE, STUDIO_EVENTS, type StudioEventName } from './api'
import { makeStudioApi } from './makeApi'

const knownEvents = new Set<string>(STUDIO_EVENTS)

const api = makeStudioApi(
  (channel, arg) => ipcRenderer.invoke(IPC_INVOKE, channel, arg),
  (event, listener) => {
    if (!knownEvents.has(event)) throw new Error(`Unknown studio event "${String(event)}"`)
    const onEvent = (_e: unknown, name: StudioEventName, payload: unknown) => {
      if (name === event) listener(payload as never)
    }
    ipcRenderer.on(IPC_EVENT, onEvent)
    return () => void ipcRenderer.removeListener(IPC_EVENT, onEvent)
  },
)

contextBridge.exposeInMainWorld('studio', api)
