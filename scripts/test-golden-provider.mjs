// `npm run test:golden:webgpu`: the golden suite on one execution provider, on any OS (no shell syntax
// for the environment variable). vitest.config.ts adds the software Vulkan driver where there is no GPU.
// usage: node scripts/test-golden-provider.mjs <provider> [vitest arguments, e.g. test files]
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const [provider, ...rest] = process.argv.slice(2)
if (!provider) {
  console.error('usage: node scripts/test-golden-provider.mjs <auto|cuda|webgpu|dml|cpu> [vitest arguments]')
  process.exit(2)
}
const vitest = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url))
const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'golden', '--passWithNoTests', ...rest], {
  stdio: 'inherit',
  env: { ...process.env, POSEANIMATE_PROVIDER: provider },
})
process.exit(run.status ?? 1)
