// The golden tests' onnxruntime: one single-threaded runtime per test file on the provider POSEANIMATE_PROVIDER
// names (default: the CPU, whose float32 the reference numbers come from), disposed together with the
// file's open golden files once its tests end. A requested GPU provider must run every golden model
// itself: a fallback to the CPU would pass the suite without testing the GPU path, so it fails the file.
import { afterAll, beforeAll, expect } from 'vitest'
import { createRuntime, providerFromEnv, type Runtime } from '../../../src-main/engine/runtime'

/** The provider the golden suite runs on (POSEANIMATE_PROVIDER, default cpu). */
export const goldenProvider = providerFromEnv('cpu')

/** Registers the file's hooks; the returned function gives the runtime inside tests and later hooks. */
export function useGoldenRuntime(...openFiles: { close(): void }[]): () => Runtime {
  let runtime: Runtime | undefined
  beforeAll(async () => {
    runtime = await createRuntime({ provider: goldenProvider, threads: 1, onFallback: () => undefined })
    if (goldenProvider !== 'auto') expect(runtime.provider, runtime.providerNote).toBe(goldenProvider)
  })
  afterAll(async () => {
    for (const file of openFiles) file.close()
    const fallbacks = runtime?.fallbacks ?? []
    await runtime?.dispose()
    expect(fallbacks, `models fell back from ${goldenProvider}`).toEqual([])
  })
  return () => {
    if (!runtime) throw new Error('The golden runtime is created in beforeAll: use it in tests and hooks only.')
    return runtime
  }
}
