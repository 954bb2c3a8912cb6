// The golden tests' onnxruntime: one single-threaded CPU runtime per test file (the reference numbers are
// CPU float32), disposed together with the file's open golden files once its tests end.
import { afterAll, beforeAll } from 'vitest'
import { createRuntime, type Runtime } from '../../../src-main/engine/runtime'

/** Registers the file's hooks; the returned function gives the runtime inside tests and later hooks. */
export function useGoldenRuntime(...openFiles: { close(): void }[]): () => Runtime {
  let runtime: Runtime | undefined
  beforeAll(async () => {
    runtime = await createRuntime({ preferCuda: false, threads: 1 })
  })
  afterAll(async () => {
    for (const file of openFiles) file.close()
    await runtime?.dispose()
  })
  return () => {
    if (!runtime) throw new Error('The golden runtime is created in beforeAll: use it in tests and hooks only.')
    return runtime
  }
}
