// `poseanimate info`: versions, which onnxruntime execution providers load, and where data lives.
import type { AppInfo } from '../../src-preload/api'
import type { CliCommand } from './command'
import { withEngine } from './engine'

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'Show versions, available execution providers (CPU/CUDA/…) and data folders',
  usage: 'poseanimate info [--json]',
  async run(_args, io) {
    const info = await withEngine((engine) => engine.call('app.info', {}))
    if (io.json) io.out(JSON.stringify(info))
    else describe(info).forEach((line) => io.out(line))
    return 0
  },
}

function describe(info: AppInfo): string[] {
  const versions = Object.entries(info.versions)
    .filter(([name]) => name !== 'app')
    .map(([name, v]) => `${name} ${v}`)
  const providers = info.executionProviders.map(
    (p) => `  ${p.name.padEnd(9)} ${p.available ? 'available' : `not available: ${p.error ?? 'unknown reason'}`}`,
  )
  const cudaHint = info.executionProviders.some((p) => p.name === 'cuda' && !p.available)
    ? ['  (NVIDIA GPU? `npm run cuda` installs the CUDA provider; see README "GPU".)']
    : []
  return [
    `PoseAnimate Studio ${info.version}`,
    `  ${versions.join(' · ')}`,
    'Execution providers:',
    ...providers,
    ...cudaHint,
    'Folders:',
    `  data            ${info.paths.data}`,
    `  projects        ${info.paths.projects}`,
    `  models          ${info.paths.models}`,
    `  compiled graphs ${info.paths.compiledGraphs}`,
  ]
}
