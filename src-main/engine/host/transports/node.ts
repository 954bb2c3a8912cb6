// The engine as a Node child process (CLI, tests, the e2e bridge): child_process.fork with
// structured-clone serialisation so typed arrays cross intact.
import { fork } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { EngineTransport, TransportFactory } from '../client'
import type { EngineMessage } from '../protocol'
import { captureStderr } from './stderrTail'

export interface ForkOptions {
  /** Engine entry module; defaults to the TypeScript source entry run through tsx. */
  entry?: string
  env?: NodeJS.ProcessEnv
  /** Forward the engine's stderr to ours (default true). */
  forwardStderr?: boolean
}

export const SOURCE_ENTRY = fileURLToPath(new URL('../entry.ts', import.meta.url))

/** tsx's loader as a file URL: `--import tsx` would resolve from the working folder, which may be anywhere. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href
}

export function forkTransport(options: ForkOptions = {}): TransportFactory {
  const entry = options.entry ?? SOURCE_ENTRY
  const execArgv = entry.endsWith('.ts') ? ['--import', tsxLoader()] : []
  return (): EngineTransport => {
    const child = fork(entry, [], {
      execArgv,
      env: options.env ?? process.env,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    })
    const stderrTail = captureStderr(child.stderr, options.forwardStderr ?? true)
    return {
      send: (message) => {
        if (child.connected) child.send(message)
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as EngineMessage)),
      onExit: (listener) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          listener({ code: child.exitCode, signal: child.signalCode })
        } else child.once('exit', (code, signal) => listener({ code, signal }))
      },
      stderrTail,
      kill: () => void child.kill('SIGKILL'),
    }
  }
}
