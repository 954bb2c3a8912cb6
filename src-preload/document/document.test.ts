// The field groups' schemas are the one source of bounds: the studio's settings (form and IPC), the stored
// input and the pipeline's settings accept and refuse exactly the same values (decision 0280).
import { describe, expect, it } from 'vitest'
import {
  documentFieldsSchema,
  PIPELINE_DEFAULTS,
  pipelineInputSchema,
  pipelineSettingsSchema,
  pose18Schema,
  RENDER_BOUNDS,
  RENDER_SIDE_MAX,
  renderSettingsSchema,
  type RenderSettings,
} from '.'

const studio: RenderSettings = {
  preset: 'final',
  loop: false,
  width: null,
  height: null,
  steps: 50,
  guidance: 7.5,
  frames: 16,
  innerIterations: 5,
  learningRate: 0.01,
  lambdas: [0.7, 0.15, 0.15],
  chunkSize: 8,
  modules: { pacm: true, dcam: true, mgdm: true, pata: true },
}

describe('render settings bounds', () => {
  const numeric = ['steps', 'guidance', 'frames', 'innerIterations', 'learningRate', 'chunkSize'] as const
  it.each(numeric)('%s: the studio, the stored input and the pipeline share min and max', (key) => {
    const { min, max } = RENDER_BOUNDS[key]
    const accepts = (value: number) => [
      renderSettingsSchema.safeParse({ ...studio, [key]: value }).success,
      pipelineInputSchema.safeParse({ [key]: value }).success,
      pipelineSettingsSchema.safeParse({ [key]: value }).success,
    ]
    expect(accepts(max)).toEqual([true, true, true])
    expect(accepts(max * 1.5 + 1)).toEqual([false, false, false])
    if (key !== 'learningRate') expect(accepts(min - 1)).toEqual([false, false, false])
  })

  it('bounds the render size (64000 once reached the pipeline)', () => {
    expect(pipelineSettingsSchema.safeParse({ width: RENDER_SIDE_MAX }).success).toBe(true)
    expect(pipelineSettingsSchema.safeParse({ width: 64000 }).success).toBe(false)
    expect(renderSettingsSchema.safeParse({ ...studio, height: 64000 }).success).toBe(false)
  })

  it('stores the input without defaults; the pipeline fills them', () => {
    expect(pipelineInputSchema.parse({ steps: 8 })).toEqual({ steps: 8 })
    const filled = pipelineSettingsSchema.parse({ steps: 8 })
    expect(filled).toMatchObject({ steps: 8, guidance: PIPELINE_DEFAULTS.guidance, pata: PIPELINE_DEFAULTS.pata })
  })
})

describe('project document', () => {
  const pose = Array.from({ length: 18 }, () => null)

  it('bounds keypoints inside the stored document as at the IPC', () => {
    const far = pose.map((k, i) => (i === 0 ? { x: 1e300, y: 0, confidence: 1 } : k))
    expect(pose18Schema.safeParse(far).success).toBe(false)
    expect(documentFieldsSchema.safeParse({ sourcePose: far }).success).toBe(false)
    expect(documentFieldsSchema.safeParse({ sourcePose: pose }).success).toBe(true)
  })

  it('keeps fields it does not know (nothing an older or newer studio wrote is dropped)', () => {
    expect(documentFieldsSchema.parse({ sourcePose: null, panelLayout: 'wide' })).toEqual({
      sourcePose: null,
      panelLayout: 'wide',
    })
  })
})
