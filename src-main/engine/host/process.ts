// Starts the engine inside the current process, talking to whoever forked it.
import { createEngineContext } from './context'
import type { EngineMessage, HostMessage } from './protocol'
import type { MethodMap } from './registry'
import { serveEngine, type EnginePort } from './server'

/** Electron's utilityProcess gives the child `process.parentPort` (a MessagePort-like object). */
interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

export function startEngineProcess(methods: MethodMap): void {
  const port = parentPortOf(process)
  serveEngine(port, methods, createEngineContext(), () => process.exit(0))
}

function parentPortOf(proc: NodeJS.Process): EnginePort {
  const parentPort = (proc as { parentPort?: ParentPort }).parentPort
  if (parentPort) {
    return {
      send: (message: EngineMessage) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as HostMessage)),
    }
  }
  const send = proc.send?.bind(proc)
  if (!send) throw new Error('The engine process must be started by the engine host (no IPC channel).')
  // If the caller dies, nobody is left to answer to.
  proc.on('disconnect', () => proc.exit(0))
  return {
    send: (message: EngineMessage) => void send(message),
    onMessage: (listener) => proc.on('message', (message) => listener(message as HostMessage)),
  }
}
