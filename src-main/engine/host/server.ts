// Engine side of the protocol: dispatches calls to the method map (a project id becomes its path first),
// streams progress, honours cancel, and reports failures through serializeError (the one user-error mapping).
import type { EngineContext } from './context'
import { locateProject } from './projectLocation'
import { serializeError, type EngineMessage, type HostMessage } from './protocol'
import type { MethodMap } from './registry'

/** A message channel to the caller: child_process IPC or an Electron utilityProcess parentPort. */
export interface EnginePort {
  send(message: EngineMessage): void
  onMessage(listener: (message: HostMessage) => void): void
}

export function serveEngine(port: EnginePort, methods: MethodMap, engine: EngineContext, exit: () => void): void {
  const running = new Map<number, AbortController>()

  const call = async (id: number, name: string, params: unknown) => {
    const def = Object.hasOwn(methods, name) ? methods[name] : undefined
    if (!def) {
      const error = { code: 'unknown-method' as const, message: `The engine has no method "${name}".` }
      return port.send({ type: 'result', id, ok: false, error })
    }
    const controller = new AbortController()
    running.set(id, controller)
    try {
      const progress = (data: unknown) => port.send({ type: 'progress', id, data })
      const value = await def.run(locateProject(params, engine), { signal: controller.signal, progress, engine })
      port.send({ type: 'result', id, ok: true, value })
    } catch (err) {
      port.send({ type: 'result', id, ok: false, error: serializeError(err, name) })
    } finally {
      running.delete(id)
    }
  }

  port.onMessage((message) => {
    if (message.type === 'call') void call(message.id, message.method, message.params)
    else if (message.type === 'cancel') running.get(message.id)?.abort()
    else if (message.type === 'shutdown') {
      for (const controller of running.values()) controller.abort()
      engine.projects.closeAll()
      exit()
    }
  })
  port.send({ type: 'ready', pid: process.pid })
}
