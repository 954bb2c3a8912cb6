// `poseanimate info`: versions, which onnxruntime execution providers load, and where data lives.
import type { AppInfo, ProviderStatus } from '../../src-preload/api'
import type { CliCommand } from './command'
import { withEngine } from './engine'

export const infoCommand: CliCommand = {
  name: 'info',
  summary:
    'Show versions, execution providers (CUDA, WebGPU, DirectML, CPU) and why one is unavailable, and data folders',
  usage: 'poseanimate info [--json]',
  async run(_args, io) {
    const info = await withEngine((engine) => engine.call('app.info', undefined))
    if (io.json) io.out(JSON.stringify(info))
    else describe(info).forEach((line) => io.out(line))
    return 0
  },
}

/** 'available', with the note auto acts on (a software GPU), or 'not available: <reason>'. */
function providerState(p: ProviderStatus): string {
  if (!p.available) return `not available: ${p.error ?? 'unknown reason'}`
  return p.error ? `available (${p.error})` : 'available'
}

function providerSource(info: AppInfo): string {
  return info.provider.from === 'environment'
    ? `POSEANIMATE_PROVIDER (the studio's setting is ${info.provider.saved})`
    : `the studio's models panel setting`
}

function describe(info: AppInfo): string[] {
  const versions = Object.entries(info.versions)
    .filter(([name]) => name !== 'app')
    .map(([name, v]) => `${name} ${v}`)
  const providers = info.executionProviders.map((p) => `  ${p.name.padEnd(9)} ${providerState(p)}`)
  const cudaHint = info.executionProviders.some((p) => p.name === 'cuda' && !p.available)
    ? ['  (NVIDIA GPU? `npm run cuda` installs the CUDA provider; see README "GPU".)']
    : []
  return [
    `PoseAnimate Studio ${info.version}`,
    `  ${versions.join(' · ')}`,
    'Execution providers:',
    ...providers,
    ...cudaHint,
    `  renders use: ${info.provider.choice} (${info.provider.order.join(' → ')}), from ${providerSource(info)}`,
    '  (render --provider auto|cuda|webgpu|dml|cpu or POSEANIMATE_PROVIDER picks one; auto = cuda → webgpu/dml → cpu)',
    'Folders:',
    `  data            ${info.paths.data}`,
    `  projects        ${info.paths.projects}`,
    `  models          ${info.paths.models}`,
    `  compiled graphs ${info.paths.compiledGraphs}`,
  ]
}
