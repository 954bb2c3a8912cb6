// Each module switch changes only its module, and nothing runs for a module that is off (issue 16,
// decision 0321): UNet passes per stage with each switch off, against counts derived from T, n and F.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OnnxDiffusionBackend } from '../../src-main/engine/diffusion/backend'
import { renderContext, renderProject } from '../../src-main/engine/diffusion/pipeline'
import type { PassCounts } from '../../src-main/engine/diffusion/models'
import { asF32 } from '../../src-main/engine/diffusion/tensors'
import { figure, openTinyBackend, setup, tempProject } from './fixture'
import { RecordingBackend } from './recordingBackend'

const [T, n, F] = [2, 2, 2] // DDIM steps, stage-2 inner iterations, target frames
type Modules = { pacm?: boolean; dcam?: boolean; mgdm?: boolean; pata?: boolean }
const settingsOf = (modules: Modules, extra: object = {}) => ({
  steps: T,
  innerIterations: n,
  earlyStop: 0, // every inner iteration runs, so the counts are exact
  earlyStopPerStep: 0,
  frames: F,
  modules: { pata: false, ...modules },
  ...extra,
})
// A motion PATA changes (it starts away from the source pose), so the PATA switch has something to do.
const motion = {
  ...setup(F),
  motion: [figure(0.15), figure(0.2)].map((p) => p.map((k) => k && { ...k, x: k.x + 0.1 })),
}

let backend: OnnxDiffusionBackend
beforeAll(async () => {
  backend = await openTinyBackend()
})
afterAll(() => backend?.close())

/** Renders in a fresh project (no cache hits) and returns the passes of every stage that ran any. */
async function renderWith(modules: Modules, extra: object = {}) {
  const project = tempProject()
  const recording = new RecordingBackend(backend)
  try {
    const env = { store: project.store, backend: recording }
    const request = { setup: motion, settings: settingsOf(modules, extra) }
    const { summary } = await renderProject(env, request)
    const c = await renderContext(env, request)
    const passes = Object.fromEntries(
      Object.entries(summary.stages).flatMap(([name, s]) => (total(s.unetPasses) ? [[name, s.unetPasses]] : [])),
    )
    const text = asF32(project.store.cache.get(`${c.keys.prepare}/text`)!, 'text')
    return { passes, dcaCalls: recording.dcaCalls, frameItems: summary.stages['pacm-frames'].computed, c, text }
  } finally {
    project.cleanup()
  }
}

const total = (p: PassCounts) => p.eps + p.grad + p.dca
const pass = (p: Partial<PassCounts>): PassCounts => ({ eps: 0, grad: 0, dca: 0, ...p })

/** Every module on: inversion T plain; stage 2 per step the other slot, n gradient iterations and the
 *  final sample; stage 3 per frame and step the other slot and one gradient pass; stage 4 DCA on
 *  frame 0 and F frames, both CFG halves. */
const FULL = {
  inversion: pass({ eps: T }),
  'pacm-source': pass({ eps: 2 * T, grad: n * T }),
  'pacm-frames': pass({ eps: F * T, grad: F * T }),
  generate: pass({ dca: 2 * (F + 1) * T }),
}

describe('module switches', () => {
  it('all on: the passes the method needs, MGDM masks on every generated frame', async () => {
    const r = await renderWith({})
    expect(r.passes).toEqual(FULL)
    expect(r.dcaCalls.every((call) => call.dca.mgdm.join() === '0,1,1,0,1,1')).toBe(true)
  })

  it('PACM off: no stage 2, no optimisation; stage 3 keeps one map pass per frame and step for MGDM; same slot and guidance', async () => {
    const r = await renderWith({ pacm: false })
    expect(r.passes).toEqual({ ...FULL, 'pacm-source': undefined, 'pacm-frames': pass({ grad: F * T }) })
    // Stage 4 samples every frame with the prompt embedding c in the optimised slot (uncond), the other
    // slot holding c as with PACM on: only the optimisation is gone, not the guidance arrangement.
    const size = r.text.length
    for (const call of r.dcaCalls) {
      for (let j = 0; j < call.embeddings.length / size; j++) {
        expect(call.embeddings.subarray(j * size, (j + 1) * size)).toEqual(r.text)
      }
    }
  })

  it('MGDM off: the same passes, every DCA element unmasked', async () => {
    const r = await renderWith({ mgdm: false })
    expect(r.passes).toEqual(FULL)
    expect(r.dcaCalls.length).toBe(T)
    expect(r.dcaCalls.every((call) => call.dca.mgdm.every((m) => m === 0))).toBe(true)
  })

  it('DCAM off: stage 4 runs the plain graph (same number of passes), nothing else changes', async () => {
    const r = await renderWith({ dcam: false })
    expect(r.passes).toEqual({ ...FULL, generate: pass({ eps: 2 * (F + 1) * T }) })
    expect(r.dcaCalls).toEqual([])
  })

  it('PACM and MGDM off: stage 3 has nothing to compute and runs no item', async () => {
    const r = await renderWith({ pacm: false, mgdm: false })
    expect(r.passes).toEqual({ inversion: FULL.inversion, generate: FULL.generate })
    expect(r.frameItems).toBe(0)
  })

  it('PATA off: the raw poses (the motion moved into the render canvas), the same passes', async () => {
    const on = await renderWith({ pata: true })
    const off = await renderWith({ pata: false })
    expect(on.passes).toEqual(FULL)
    expect(off.passes).toEqual(FULL)
    // The fixture's 160×128 source is centre-cropped to 128×128 (16 px off the left): x' = (160x − 16)/128.
    const crop = (k: { x: number; y: number; confidence: number } | null) => k && { ...k, x: (160 * k.x - 16) / 128 }
    expect(off.c.inputs.poses.slice(1)).toEqual(motion.motion.map((p) => p.map(crop)))
    expect(off.c.inputs.poses[0]).toEqual(on.c.inputs.poses[0])
    expect(off.c.inputs.poses.slice(1)).not.toEqual(on.c.inputs.poses.slice(1))
    expect([off.c.keys.prepare, off.c.keys.inversion, off.c.keys.source]).toEqual([
      on.c.keys.prepare,
      on.c.keys.inversion,
      on.c.keys.source,
    ])
  })

  it("stage 3's other reading ('inner', §4.1's n iterations per step) runs n updates and one sample per step", async () => {
    const r = await renderWith({}, { frameReading: 'inner' })
    expect(r.passes).toEqual({ ...FULL, 'pacm-frames': pass({ eps: 2 * F * T, grad: n * F * T }) })
  })
})
