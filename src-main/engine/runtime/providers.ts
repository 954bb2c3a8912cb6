// Which onnxruntime execution providers can run here, and in which order to try them (decision 0201).
// `auto` = cuda → webgpu (dml, then webgpu, on Windows) → cpu; an explicit choice tries that provider,
// then the CPU. A provider whose absence is known without asking (CUDA libraries missing, DirectML off
// Windows, no Vulkan driver) is never probed: onnxruntime and Dawn report a failed load through their own
// loggers (lines on stderr that session options cannot silence). The others are asked to create and run
// a one-node session once per process.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import ort from 'onnxruntime-node'
import { PROVIDER_CHOICE_NAMES, PROVIDER_NAMES } from '../../../src-preload/document/machineSettings'
import { UserError } from '../errors'
import { Graph } from '../graph/graph'
import { emitOnnxBytes } from '../graph/onnx'

export const PROVIDERS = PROVIDER_NAMES
export type Provider = (typeof PROVIDERS)[number]
export const PROVIDER_CHOICES = PROVIDER_CHOICE_NAMES
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number]

/** Environment variable that picks the provider (the CLI's --provider sets it for the engine process). */
export const PROVIDER_ENV = 'POSEANIMATE_PROVIDER'

export interface ProviderStatus {
  name: Provider
  /** Whether this platform's onnxruntime-node build carries the provider (CUDA comes with `npm run cuda`). */
  bundled: boolean
  available: boolean
  /** Why it is not available; or, when available, why `auto` passes it over (a software GPU). */
  reason?: string
}

/** What onnxruntime-node loads for 'cuda', from the folder of libonnxruntime.so.1 (onnx-runtime-facts §1.2). */
export const CUDA_PROVIDER_LIBRARIES = ['libonnxruntime_providers_shared.so', 'libonnxruntime_providers_cuda.so']

/** The only platform whose onnxruntime-node build has a CUDA execution provider. */
const CUDA_PLATFORM = 'linux/x64'
/** Platforms whose onnxruntime-node 1.30 build links Dawn (Vulkan, D3D12, Metal). */
const WEBGPU_PLATFORMS = ['linux/x64', 'win32/x64', 'win32/arm64', 'darwin/arm64']
/** Vulkan drivers that run on the CPU: correct but slower than the CPU provider, so `auto` skips them. */
const SOFTWARE_VULKAN = /swiftshader|lvp_icd|lavapipe/i

const platformNow = () => `${process.platform}/${process.arch}`

/** Reads POSEANIMATE_PROVIDER (default `fallback`); a value that is not a provider is a user error. */
export function providerFromEnv(fallback: ProviderChoice = 'auto', env = process.env): ProviderChoice {
  const value = env[PROVIDER_ENV]
  return value ? parseProviderChoice(value, PROVIDER_ENV) : fallback
}

export function parseProviderChoice(value: string, what = '--provider'): ProviderChoice {
  if ((PROVIDER_CHOICES as readonly string[]).includes(value)) return value as ProviderChoice
  throw new UserError(`${what} must be one of ${PROVIDER_CHOICES.join(', ')}, got "${value}"`)
}

/** The providers `choice` tries, in order, on `platform` (before availability is known). */
export function providerOrder(choice: ProviderChoice, platform = platformNow()): Provider[] {
  if (choice === 'cpu') return ['cpu']
  if (choice !== 'auto') return [choice, 'cpu']
  return platform.startsWith('win32/') ? ['cuda', 'dml', 'webgpu', 'cpu'] : ['cuda', 'webgpu', 'cpu']
}

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
  platform = platformNow(),
): string | null {
  if (platform !== CUDA_PLATFORM) return `onnxruntime-node has no CUDA execution provider on ${platform}`
  if (!libraryDir) return null // an unusual install layout: let the probe decide
  const missing = CUDA_PROVIDER_LIBRARIES.filter((f) => !fs.existsSync(path.join(libraryDir, f)))
  if (missing.length === 0) return null
  return `CUDA provider libraries not installed (${missing.join(', ')} not in ${libraryDir}; \`npm run cuda\` installs them)`
}

/** The Vulkan driver manifests the loader would find (VK_ICD_FILENAMES / VK_DRIVER_FILES, else the search path). */
export function vulkanDrivers(env = process.env): string[] {
  const listed = env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES
  if (listed) return listed.split(path.delimiter).filter((f) => fs.existsSync(f))
  const dataDirs = [
    env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'),
    ...(env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':'),
  ]
  const dirs = ['/etc', ...dataDirs].map((d) => path.join(d, 'vulkan', 'icd.d'))
  return dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).map((f) => path.join(d, f)) : []))
}

/** Why WebGPU cannot load here, known without a probe; null when a probe session should decide. */
export function webgpuUnavailableReason(platform = platformNow(), env = process.env): string | null {
  if (!WEBGPU_PLATFORMS.includes(platform)) return `onnxruntime-node has no WebGPU execution provider on ${platform}`
  if (platform.startsWith('linux/') && vulkanDrivers(env).length === 0) {
    return "no Vulkan driver installed (WebGPU runs on Vulkan on Linux: install your GPU vendor's Vulkan driver)"
  }
  return null
}

/** Why `auto` passes over an available provider (WebGPU on a CPU-emulated Vulkan driver), or null. */
export function softwareGpuReason(provider: Provider, env = process.env): string | null {
  if (provider !== 'webgpu' || process.platform !== 'linux') return null
  const software = vulkanDrivers(env).filter((f) => SOFTWARE_VULKAN.test(path.basename(f)))
  if (software.length === 0 || software.length < vulkanDrivers(env).length) return null
  return `software Vulkan driver (${path.basename(software[0])}): slower than the CPU provider, so auto skips it`
}

function knownReason(provider: Provider): string | null {
  if (provider === 'cuda') return cudaUnavailableReason()
  if (provider === 'webgpu') return webgpuUnavailableReason()
  if (provider === 'dml') return process.platform === 'win32' ? null : 'DirectML runs on Windows only'
  return null
}

/** The onnxruntime version this engine runs. */
export function onnxruntimeVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common ?? 'unknown'
}

const probes = new Map<Provider, Promise<ProviderStatus>>()

/** Whether `provider` creates and runs a one-node session here (asked once per process). */
export function probeProvider(provider: Provider): Promise<ProviderStatus> {
  let p = probes.get(provider)
  if (!p) {
    p = probe(provider)
    probes.set(provider, p)
  }
  return p
}

export function probeProviders(): Promise<ProviderStatus[]> {
  return Promise.all(PROVIDERS.map(probeProvider))
}

async function probe(name: Provider): Promise<ProviderStatus> {
  const bundled = name === 'cpu' || ort.listSupportedBackends().some((b) => b.name === name && b.bundled)
  const known = knownReason(name)
  if (known) return { name, bundled, available: false, reason: known }
  try {
    const g = new Graph('provider_probe')
    g.output('y', g.neg(g.input('x', 'float32', [1])))
    const bytes = await emitOnnxBytes(g, { weights: () => new Float32Array(0) })
    const s = await ort.InferenceSession.create(bytes, { executionProviders: [name], logSeverityLevel: 4 })
    try {
      await s.run({ x: new ort.Tensor('float32', Float32Array.from([1]), [1]) })
    } finally {
      await s.release()
    }
    const software = softwareGpuReason(name)
    return { name, bundled, available: true, ...(software ? { reason: software } : {}) }
  } catch (e) {
    return { name, bundled, available: false, reason: ortReason(e) }
  }
}

/** onnxruntime prefixes messages with a source location; keep the readable part of the first line. */
export function ortReason(e: unknown): string {
  const line = String(e instanceof Error ? e.message : e).split('\n')[0]
  const reason = line.lastIndexOf('Failed to')
  return (reason > 0 ? line.slice(reason) : line).slice(0, 300)
}

/** The node an onnxruntime error names ("running Conv node. Name:'/unet/conv_in'", "Node (/x) Op (Y)", …). */
export function failingNode(message: string): string | null {
  const patterns = [/Name:\s*'([^']+)'/, /node with name '([^']+)'/i, /\bNode \(([^)]+)\)/, /\bnode '([^']+)'/i]
  for (const p of patterns) {
    const m = p.exec(message)
    if (m) return m[1]
  }
  return null
}
