// Frame masks M_{x_i} follow each frame's own attention (MGDM, paper §3.4; decision 0321). The tiny model's
// random attention says nothing about the character, so a backend that forces the cross-attention maps
// stands in for a trained one: every token attends to where the pass's own pose drawing has ink. Then
// frames whose poses differ must get different masks, each the one its own pose gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OnnxDiffusionBackend } from '../../src-main/engine/diffusion/backend'
import { maskFromMap, unionWithSource } from '../../src-main/engine/diffusion/masks'
import type { EpsBatch } from '../../src-main/engine/diffusion/models'
import { renderContext, renderProject } from '../../src-main/engine/diffusion/pipeline'
import { poseImage } from '../../src-main/engine/diffusion/prepare'
import { asF32 } from '../../src-main/engine/diffusion/tensors'
import { fastSettings, figure, openTinyBackend, setup, tempProject } from './fixture'
import { RecordingBackend } from './recordingBackend'

let backend: OnnxDiffusionBackend
let project: ReturnType<typeof tempProject>
beforeAll(async () => {
  backend = await openTinyBackend()
  project = tempProject()
})
afterAll(() => {
  project?.cleanup()
  backend?.close()
})

/** Per attention-map cell, the mean ink (max over RGB) of the pose drawing under it: [mapH · mapW]. */
function inkMap(pose: Float32Array): Float32Array {
  const { width, height, mapHeight, mapWidth } = backend.geometry
  const out = new Float32Array(mapHeight * mapWidth)
  const plane = width * height
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x
      const ink = Math.max(pose[p], pose[plane + p], pose[2 * plane + p])
      out[Math.floor((y * mapHeight) / height) * mapWidth + Math.floor((x * mapWidth) / width)] += ink
    }
  }
  return out
}

/** Forced maps [B, cells, tokens]: every token of element b gets element b's ink map. */
function forcedAttention(batch: EpsBatch): Float32Array {
  const { width, height, tokens } = backend.geometry
  const size = 3 * width * height
  const parts = Array.from({ length: batch.batch }, (_, b) =>
    inkMap(batch.poseImages.subarray(b * size, (b + 1) * size)),
  )
  const cells = parts[0].length
  const out = new Float32Array(batch.batch * cells * tokens)
  parts.forEach((map, b) => map.forEach((v, c) => out.fill(v, (b * cells + c) * tokens, (b * cells + c + 1) * tokens)))
  return out
}

describe('frame masks', () => {
  it("differ between frames whose poses differ: each is its own pose's attention (∪ M_s where the pose agrees)", async () => {
    const motion = [figure(0.25), figure(-0.1), figure(0.25)] // arm up, arm down, arm up again
    const request = { setup: { ...setup(3), motion }, settings: { ...fastSettings, steps: 2, innerIterations: 1 } }
    const env = { store: project.store, backend: new RecordingBackend(backend, forcedAttention) }
    await renderProject(env, request)
    const c = await renderContext(env, request)
    const maskOf = (f: number) => Array.from(asF32(env.store.cache.get(`${c.keys.frames[f]}/mask`)!, 'mask'))

    const [m1, m2, m3] = [maskOf(1), maskOf(2), maskOf(3)]
    expect(m1).not.toEqual(m2)
    expect(m3).toEqual(m1)
    const { width, height, mapHeight, mapWidth, latent } = backend.geometry
    const sourceMask = asF32(env.store.cache.get(`${c.keys.prepare}/mask`)!, 'M_s')
    for (const f of [1, 2]) {
      const attention = maskFromMap(
        inkMap(poseImage(c.inputs.poses[f], width, height)),
        { height: mapHeight, width: mapWidth },
        { height: latent[1], width: latent[2] },
        0.3,
      )
      const poses = { source: c.inputs.poses[0], frame: c.inputs.poses[f] }
      const grid = { height: latent[1], width: latent[2] }
      expect(maskOf(f)).toEqual(Array.from(unionWithSource(attention, sourceMask, grid, poses)))
      expect(attention.some((v) => v === 0) && attention.some((v) => v === 1)).toBe(true) // a real mask, not all/none
    }
  })
})
