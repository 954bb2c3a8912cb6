// One runtime and one backend per (model files, render size) for the engine process: sessions are
// created once and reused by every render, re-render and stale check.
import { createRuntime, type Runtime } from '../runtime'
import { OnnxDiffusionBackend, type ModelFiles } from './backend'

const backends = new Map<string, Promise<OnnxDiffusionBackend>>()
let runtime: Promise<Runtime> | null = null

export interface PoolOptions {
  compiledDir: string
  width?: number
  height?: number
}

export function sharedBackend(files: ModelFiles, o: PoolOptions): Promise<OnnxDiffusionBackend> {
  const key = JSON.stringify([files, o])
  let backend = backends.get(key)
  if (!backend) {
    runtime ??= createRuntime()
    backend = runtime.then((rt) => OnnxDiffusionBackend.open(files, { runtime: rt, ...o }))
    backends.set(key, backend)
    backend.catch(() => backends.delete(key))
  }
  return backend
}
