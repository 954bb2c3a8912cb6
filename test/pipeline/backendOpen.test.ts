// Opening the backend reads headers and configs only: everything a stage key needs (geometry, model
// hash, the prompt's character tokens) comes without compiling a graph or opening a session, and the
// first use opens just the session it needs.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { OnnxDiffusionBackend } from '../../src-main/engine/diffusion/backend'
import { createRuntime } from '../../src-main/engine/runtime'
import { modelFiles } from './fixture'

const home = mkdtempSync(join(tmpdir(), 'pa-backend-open-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))
const compiledEntries = (dir: string) => (existsSync(dir) ? readdirSync(dir) : [])

describe('OnnxDiffusionBackend.open', () => {
  it('gives stage-key inputs with no session and no compiled graph; sessions open on first use', async () => {
    const runtime = await createRuntime({ provider: 'cpu', threads: 1 })
    const compiledDir = join(home, 'compiled')
    const backend = await OnnxDiffusionBackend.open(modelFiles(), { runtime, compiledDir })
    try {
      expect(backend.modelHash).toMatch(/^[0-9a-f]{32}$/)
      expect(backend.geometry.latent).toHaveLength(3)
      expect(backend.characterTokens('a red robot standing in a park', ['red robot'])).toEqual([2, 3])
      const again = await OnnxDiffusionBackend.open(modelFiles(), { runtime, compiledDir })
      expect(again.modelHash).toBe(backend.modelHash)
      again.close()
      expect(runtime.cachedSessions).toBe(0)
      expect(compiledEntries(compiledDir)).toEqual([])

      await backend.encodePrompts(['a red robot'])
      expect(runtime.cachedSessions).toBe(1) // CLIP only
      expect(compiledEntries(compiledDir)).toHaveLength(1)
      expect(await backend.providerReport()).toEqual({ models: { text_encoder: 'cpu' }, fallbacks: [] })
    } finally {
      backend.close()
      await runtime.dispose()
    }
  })
})
