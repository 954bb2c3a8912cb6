import { describe, expect, it } from 'vitest'
import { ddimSchedule, ddimStep } from './ddim'
import { ddimCoefficients, guided, stepAndLoss, stepLossUpstream, type EmbeddingSlot } from './objective'
import { Adam } from './optimizer'

const schedule = ddimSchedule()
const random = (n: number, seed: number) =>
  Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 97.3 + i * 12.9898))

describe('PACM objective', () => {
  it('DDIM step coefficients reproduce the step', () => {
    const x = random(16, 1)
    const eps = random(16, 2)
    for (const t of [981, 501, 1]) {
      const { a, b } = ddimCoefficients(schedule, t, 50)
      const step = ddimStep(schedule, eps, t, x, 50).prevSample
      step.forEach((v, i) => expect(v).toBeCloseTo(a * x[i] + b * eps[i], 5))
    }
  })

  it.each<EmbeddingSlot>(['uncond', 'cond'])('the affine upstream is dL/dε_φ (%s slot, finite differences)', (slot) => {
    const s = {
      schedule,
      t: 501,
      numSteps: 50,
      guidance: 7.5,
      slot,
      latent: random(32, 3),
      epsOther: random(32, 4),
      target: random(32, 5),
    }
    const epsPhi = random(32, 6)
    const { scale, offset } = stepLossUpstream(s)
    const h = 1e-2
    for (const i of [0, 7, 31]) {
      const plus = Float32Array.from(epsPhi)
      const minus = Float32Array.from(epsPhi)
      plus[i] += h
      minus[i] -= h
      const numeric = (stepAndLoss(s, plus).loss - stepAndLoss(s, minus).loss) / (2 * h)
      const analytic = scale[0] * epsPhi[i] + offset[i]
      expect(analytic).toBeCloseTo(numeric, 4)
      expect(Math.abs(analytic)).toBeGreaterThan(1e-4)
    }
  })

  it('puts φ in the chosen CFG slot', () => {
    const phi = Float32Array.of(1)
    const other = Float32Array.of(3)
    expect(guided('uncond', phi, other, 7.5)[0]).toBeCloseTo(1 + 7.5 * 2) // φ is ε_u
    expect(guided('cond', phi, other, 7.5)[0]).toBeCloseTo(3 + 7.5 * -2) // φ is ε_c
  })
})

describe('Adam', () => {
  it('matches torch.optim.Adam on a quadratic (hand-checked first steps)', () => {
    const p = Float32Array.of(1, -2)
    const adam = new Adam(2, 0.1)
    adam.step(p, Float32Array.of(2 * p[0], 2 * p[1])) // first step moves by lr·sign(g)
    expect(p[0]).toBeCloseTo(0.9, 6)
    expect(p[1]).toBeCloseTo(-1.9, 6)
    for (let i = 0; i < 200; i++) adam.step(p, Float32Array.of(2 * p[0], 2 * p[1]))
    expect(Math.abs(p[0]) + Math.abs(p[1])).toBeLessThan(0.05)
  })
})
