// The engine as an Electron utilityProcess. Electron is injected (index.ts passes utilityProcess.fork)
// so the engine folder stays importable under plain Node.
import { captureStderr, type DataStream } from './stderrTail'
import type { EngineTransport, TransportFactory } from '../client'
import type { EngineMessage } from '../protocol'

/** The part of Electron's UtilityProcess this transport uses. */
export interface UtilityProcessLike {
  postMessage(message: unknown): void
  on(event: 'message', listener: (message: unknown) => void): unknown
  once(event: 'exit', listener: (code: number) => void): unknown
  kill(): boolean
  stderr: DataStream | null
}

export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; env: NodeJS.ProcessEnv; stdio: 'pipe' },
) => UtilityProcessLike

export function utilityTransport(fork: UtilityFork, modulePath: string, env: NodeJS.ProcessEnv): TransportFactory {
  return (): EngineTransport => {
    const child = fork(modulePath, [], { serviceName: 'PoseAnimate engine', env, stdio: 'pipe' })
    let exitCode: number | null = null
    const exitListeners: ((info: { code: number | null; signal: string | null }) => void)[] = []
    child.once('exit', (code) => {
      exitCode = code
      for (const listener of exitListeners) listener({ code, signal: null })
    })
    return {
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message) => listener(message as EngineMessage)),
      onExit: (listener) => {
        if (exitCode !== null) listener({ code: exitCode, signal: null })
        else exitListeners.push(listener)
      },
      stderrTail: captureStderr(child.stderr),
      kill: () => void child.kill(),
    }
  }
}
