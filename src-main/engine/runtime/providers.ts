// Whether the CUDA execution provider is worth probing. onnxruntime reports a failed provider load through
// its process-wide logger (a red line on stderr that session options cannot silence), so the probe runs
// only when the provider libraries are actually there; otherwise the reason is known without asking.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** What onnxruntime-node loads for 'cuda', from the folder of libonnxruntime.so.1 (onnx-runtime-facts §1.2). */
export const CUDA_PROVIDER_LIBRARIES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so']

/** The only platform whose onnxruntime-node build has a CUDA execution provider. */
const CUDA_PLATFORM = 'linux/x64'

/** Folder of onnxruntime-node's native libraries for this platform, or null when it cannot be located. */
export function ortLibraryDir(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json')
    return path.join(path.dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch)
  } catch {
    return null
  }
}

/** Why CUDA cannot load here, known without a probe; null when a probe session should decide. */
export function cudaUnavailableReason(
  libraryDir: string | null = ortLibraryDir(),
  platform = `${process.platform}/${process.arch}`,
): string | null {
  if (platform !== CUDA_PLATFORM) return `onnxruntime-node has no CUDA execution provider on ${platform}`
  if (!libraryDir) return null // an unusual install layout: let the probe decide
  const missing = CUDA_PROVIDER_LIBRARIES.filter((f) => !fs.existsSync(path.join(libraryDir, f)))
  if (missing.length === 0) return null
  return `CUDA provider libraries not installed (${missing.join(', ')} not in ${libraryDir}; \`npm run cuda\` installs them)`
}
