import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '.scratch*/**',
      '**/*.tmp.ts',
      'out/**',
      'dist/**',
      'node_modules/**',
      'release/**',
      'test-artifacts/**',
      '.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // The graph and model layers must stay free of Electron, the filesystem store and the runtime.
    files: ['src-main/engine/graph/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['electron', 'onnxruntime-node', 'better-sqlite3', 'node:fs', 'fs'] },
      ],
    },
  },
  {
    files: ['src-main/engine/models/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['electron', 'onnxruntime-node', 'better-sqlite3'] }] },
  },
  {
    // The motion code both processes run (docs/decisions/0260): pure TypeScript, importing only the contract.
    files: ['src-preload/motion/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/src-main/**', '**/src-renderer/**', 'electron', 'node:*', 'three', 'three/*', 'react'] },
      ],
    },
  },
  {
    // The project document's schemas (docs/decisions/0280): shared by both processes, so zod and nothing else.
    files: ['src-preload/document/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/src-main/**', '**/src-renderer/**', 'electron', 'node:*', 'three', 'three/*', 'react'] },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['electron', 'node:*', '**/src-main/**'] }] },
  },
)
