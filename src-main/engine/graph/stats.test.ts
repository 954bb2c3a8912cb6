// Graph statistics: FLOPs and the activation-memory estimate (outputs freed after their last reader).
import { describe, expect, it } from 'vitest'
import { Graph } from './graph'
import { countFlops, peakActivations } from './stats'

describe('stats', () => {
  it('peak activations: values live until their last reader, graph outputs to the end', () => {
    const g = new Graph('m')
    const x = g.input('x', 'float32', ['N', 4])
    const a = g.neg(x) // 16 bytes per row of N
    const b = g.exp(a)
    const c = g.add(a, b) // a, b and c alive together: the peak
    g.output('y', g.sigmoid(c)) // a and b are gone by now
    const peak = peakActivations(g, { N: 2 })
    expect(peak.bytes).toBe(3 * 2 * 4 * 4)
    expect(peak.at?.op).toBe('Add')
    expect(peak.alive.map((v) => v.producer?.op).sort()).toEqual(['Add', 'Exp', 'Neg'])
  })

  it('counts the multiply-adds of MatMul and Gemm twice', () => {
    const g = new Graph('m')
    const x = g.input('x', 'float32', ['N', 3, 4])
    g.output(
      'y',
      g.gemm(g.reshape(g.matmul(x, g.param('w', [4, 5])), [-1, 5]), g.param('v', [6, 5]), undefined, { transB: true }),
    )
    expect(countFlops(g, { N: 2 })).toBe(2 * (2 * 3 * 5 * 4) + 2 * (6 * 6 * 5))
  })
})
