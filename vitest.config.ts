import { existsSync, mkdirSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// WebGPU without a GPU (`npm run test:golden:webgpu`): Dawn runs on SwiftShader, the CPU Vulkan driver of
// Debian's chromium package (Dawn refuses Debian's lavapipe), and wants a private XDG_RUNTIME_DIR. Set
// here, before any test process starts; a machine with its own Vulkan driver keeps it.
if (process.env.POSEANIMATE_PROVIDER === 'webgpu') {
  const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json'
  const env = process.env
  if (!env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES && existsSync(swiftshader)) env.VK_ICD_FILENAMES = swiftshader
  if (!env.XDG_RUNTIME_DIR) {
    env.XDG_RUNTIME_DIR = join(tmpdir(), `poseanimate-xdg-${userInfo().uid}`)
    mkdirSync(env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 })
  }
}

// Three layers: fast units beside the code, golden parity against ../shared/golden (or GOLDEN_DIR),
// and end-to-end tests that drive the built renderer in Debian's chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'src-main/**/*.test.ts',
            'src-preload/**/*.test.ts',
            'src-renderer/**/*.test.{ts,tsx}',
            'test/unit/**/*.test.ts',
            'test/pipeline/**/*.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'golden',
          include: ['test/golden/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
