// A worker rebuilds a render's context from its blob: the hands and face travel with the poses, so the
// worker's keys (and condition images) are the ones the client planned; a body-only blob has no parts.
import { describe, expect, it } from 'vitest'
import type { Pose18 } from '../../../src-preload/api'
import { renderKeys } from '../diffusion/keys'
import type { DiffusionBackend } from '../diffusion/models'
import { parsePipelineSettings } from '../diffusion/settings'
import type { StageContext } from '../diffusion/stages'
import type { PoseParts } from '../pose/fullPose'
import { contextBlob, contextFromBlob } from './renderContext'

const backend = { modelHash: 'm', geometry: { width: 128, height: 128 } } as DiffusionBackend
const pose = (x: number): Pose18 => [{ x, y: 0.5, confidence: 1 }, ...new Array<null>(17).fill(null)]
const hand = Array.from({ length: 21 }, (_, i) => ({ x: 0.3 + i * 0.01, y: 0.6, confidence: 1 }))

function context(poseParts?: PoseParts[]): StageContext {
  const settings = parsePipelineSettings({ steps: 2 })
  const inputs = {
    image: { width: 2, height: 2, data: new Uint8Array(12).fill(7) },
    mask: { width: 2, height: 2, data: new Float32Array([0, 0.5, 1, 0.25]) },
    prompt: 'a robot',
    characterWords: ['robot'],
    poses: [pose(0.1), pose(0.2)],
    ...(poseParts && { poseParts }),
  }
  return { backend, inputs, settings, keys: renderKeys(backend, inputs, settings) }
}

describe('render context blob', () => {
  it('carries the hands and face, so the worker computes the same keys', () => {
    const parts = [
      { leftHand: null, rightHand: null, face: null },
      { leftHand: hand, rightHand: null, face: null },
    ]
    const c = context(parts)
    const rebuilt = contextFromBlob(contextBlob(c).bytes, backend)
    expect(rebuilt.inputs.poseParts).toEqual(parts)
    expect(rebuilt.keys).toEqual(c.keys)
    expect(rebuilt.keys.frames[1]).not.toBe(context().keys.frames[1])
  })

  it('a body-only blob holds no parts', () => {
    const c = context()
    expect(JSON.parse(contextBlob(c).bytes.toString('utf8'))).not.toHaveProperty('poseParts')
    expect(contextFromBlob(contextBlob(c).bytes, backend).keys).toEqual(c.keys)
  })
})
