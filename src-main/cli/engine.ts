// The CLI talks to the engine exactly as Electron main does: an EngineHost over a forked engine process.
import { EngineHost } from '../engine/host/client'
import type { EngineMethods } from '../engine/host/handlers'
import { forkTransport } from '../engine/host/transports/node'

/** Runs fn with a started engine and always stops it afterwards. */
export async function withEngine<T>(
  fn: (engine: EngineHost<EngineMethods>) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  // The engine's own log (e.g. onnxruntime's provider probing) is noise here; crash reports still quote it.
  const verbose = Boolean(process.env.POSEANIMATE_DEBUG)
  const engine = new EngineHost<EngineMethods>(forkTransport({ forwardStderr: verbose, env }))
  try {
    return await fn(engine)
  } finally {
    await engine.stop()
  }
}
