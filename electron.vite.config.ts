import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { PRODUCTION_CSP } from './src-main/ipc/security'

// Three bundles: main (with the engine host as a second entry, started as a utilityProcess),
// preload (the typed contract bridge) and the renderer (React + Mantine + three.js).
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          engineHost: resolve(__dirname, 'src-main/engine/host/entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    // The CSP meta comes from one place (src-main/ipc/security.ts) and only into built pages:
    // the dev server needs inline scripts for hot reload and gets its policy from main instead.
    plugins: [
      react(),
      {
        name: 'studio-csp',
        apply: 'build',
        transformIndexHtml: () => [
          {
            tag: 'meta',
            attrs: { 'http-equiv': 'Content-Security-Policy', content: PRODUCTION_CSP },
            injectTo: 'head-prepend',
          },
        ],
      },
    ],
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } } },
  },
})
