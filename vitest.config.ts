import { defineConfig } from 'vitest/config'

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
