// Which onnxruntime execution providers load here, for `app.info` (and `poseanimate info`): the runtime's
// own probe (engine/runtime/providers.ts), so what info reports is what a render would get.
import type { ProviderStatus } from '../../../src-preload/api'
import { onnxruntimeVersion, probeProviders } from '../runtime'

export interface OrtInfo {
  version: string
  providers: ProviderStatus[]
}

export async function probeExecutionProviders(): Promise<OrtInfo> {
  const providers = (await probeProviders()).map(({ name, bundled, available, reason }) => ({
    name,
    bundled,
    available,
    ...(reason ? { error: reason } : {}),
  }))
  return { version: onnxruntimeVersion(), providers }
}
