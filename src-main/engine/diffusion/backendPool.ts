// One runtime per provider choice and one backend per (model files, render size, provider) for the engine
// process: sessions are created once and reused by every render, re-render and stale check.
import { createRuntime, providerFromEnv, type ProviderChoice, type Runtime } from '../runtime'
import { OnnxDiffusionBackend, type ModelFiles } from './backend'

const backends = new Map<string, Promise<OnnxDiffusionBackend>>()
const runtimes = new Map<ProviderChoice, Promise<Runtime>>()

export interface PoolOptions {
  compiledDir: string
  width?: number
  height?: number
  /** The execution provider setting (studio models panel); default POSEANIMATE_PROVIDER, else auto. */
  provider?: ProviderChoice
}

export function sharedBackend(files: ModelFiles, o: PoolOptions): Promise<OnnxDiffusionBackend> {
  const provider = o.provider ?? providerFromEnv()
  const key = JSON.stringify([files, { ...o, provider }])
  let backend = backends.get(key)
  if (!backend) {
    const { provider: _, ...size } = o
    backend = sharedRuntime(provider).then((rt) => OnnxDiffusionBackend.open(files, { runtime: rt, ...size }))
    backends.set(key, backend)
    backend.catch(() => backends.delete(key))
  }
  return backend
}

function sharedRuntime(provider: ProviderChoice): Promise<Runtime> {
  let rt = runtimes.get(provider)
  if (!rt) {
    rt = createRuntime({ provider })
    runtimes.set(provider, rt)
    rt.catch(() => runtimes.delete(provider))
  }
  return rt
}
