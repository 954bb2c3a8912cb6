// The draft preset's reduction (decision 0330): what it changes, what it keeps, and that 'final' renders
// the settings exactly as given.
import { describe, expect, it } from 'vitest'
import { draftOf, pipelineSettingsSchema, presetApplied } from './renderSettings'

const parse = (input: object) => pipelineSettingsSchema.parse(input)

describe('render presets', () => {
  it('final renders the settings as they are (the default preset)', () => {
    const s = parse({ steps: 40, width: 512, height: 384 })
    expect(s.preset).toBe('final')
    expect(presetApplied(s)).toBe(s)
  })

  it('draft takes a tenth of the steps, half the size, one inner iteration and every other pose', () => {
    const s = parse({ preset: 'draft', steps: 50, innerIterations: 5, width: 512, height: 384, frameStride: 1 })
    expect(presetApplied(s)).toMatchObject({
      preset: 'draft',
      steps: 5,
      innerIterations: 1,
      frameStride: 2,
      width: 256,
      height: 192,
      guidance: s.guidance,
      lambdas: s.lambdas,
      modules: s.modules,
    })
  })

  it('keeps sides valid render sides and at least one step', () => {
    const small = draftOf(parse({ steps: 8, width: 64, height: 192 }))
    expect(small).toMatchObject({ steps: 1, width: 64, height: 64 })
    expect(pipelineSettingsSchema.safeParse(small).success).toBe(true)
    expect(draftOf(parse({ steps: 3 }))).toMatchObject({ steps: 1, width: undefined, height: undefined })
  })
})
