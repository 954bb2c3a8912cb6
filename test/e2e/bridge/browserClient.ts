// Runs in the page (bundled to an init script): defines window.studio over the bridge's WebSocket,
// built by the same makeStudioApi the Electron preload uses, so the page sees the identical API.
import type { IpcEnvelope, StudioEventName, StudioEvents } from '../../../src-preload/api'
import { makeStudioApi } from '../../../src-preload/makeApi'

declare const __STUDIO_BRIDGE_URL__: string

type Incoming =
  | { type: 'reply'; id: number; envelope: IpcEnvelope<unknown> }
  | { type: 'event'; name: StudioEventName; payload: unknown }

const socket = new WebSocket(__STUDIO_BRIDGE_URL__)
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve())
  socket.addEventListener('error', () =>
    reject(new Error(`The test bridge at ${__STUDIO_BRIDGE_URL__} is unreachable.`)),
  )
})
const pending = new Map<number, (envelope: IpcEnvelope<unknown>) => void>()
const listeners = new Set<(name: StudioEventName, payload: unknown) => void>()
let nextId = 1

socket.addEventListener('message', (event) => {
  const message = JSON.parse(String(event.data)) as Incoming
  if (message.type === 'reply') {
    pending.get(message.id)?.(message.envelope)
    pending.delete(message.id)
  } else listeners.forEach((listener) => listener(message.name, message.payload))
})

const api = makeStudioApi(
  async (channel, arg) => {
    await opened
    const id = nextId++
    socket.send(JSON.stringify({ id, channel, arg }))
    return new Promise((resolve) => pending.set(id, resolve))
  },
  <E extends StudioEventName>(event: E, listener: (payload: StudioEvents[E]) => void) => {
    const forward = (name: StudioEventName, payload: unknown) => name === event && listener(payload as StudioEvents[E])
    listeners.add(forward)
    return () => void listeners.delete(forward)
  },
)

Object.defineProperty(window, 'studio', { value: Object.freeze(api), writable: false })
