// The preflight's estimate and verdict with injected machine sizes (decision 0244): too little memory or
// disk is refused with the numbers and what to do, a tight fit is a warning, graphs already compiled or
// open cost nothing more, and the estimate at SD 1.5 size is in line with issue 10's measurement.
import { describe, expect, it } from 'vitest'
import { budget, checkResources, PreflightError, type Available } from '../../../src-main/engine/diffusion/preflight'
import { estimateNeed, type GraphFootprint } from '../../../src-main/engine/diffusion/resourceEstimate'

const GiB = 1024 ** 3
const MiB = 1024 ** 2
const dirs = { compiledDir: '/data/compiled', projectDir: '/work/projects' }

// SD 1.5 UNet (859.5 M parameters) + ControlNet (361.3 M), fp32, at 512² (64² latents).
const unetControlFp32 = (name: string, more: Partial<GraphFootprint> = {}): GraphFootprint => ({
  name,
  weightBytes: (859.5e6 + 361.3e6) * 4,
  compiled: false,
  open: false,
  ...more,
})
const gradAt512 = {
  graphs: [unetControlFp32('unetControlGrad')],
  passes: [{ kind: 'grad' as const, batch: 1 }],
  latent: [4, 64, 64] as const,
  heads: 8,
  cacheBytes: 200 * MiB,
}
const roomy: Available = { memoryBytes: 64 * GiB, compiledDiskBytes: 500 * GiB, cacheDiskBytes: 500 * GiB, sameDisk: true } // prettier-ignore

describe('resource estimate', () => {
  it('puts SD 1.5 forward + gradient at 512² near the 8.8 GB measured in issue 10', () => {
    const need = estimateNeed(gradAt512)
    expect(need.memoryBytes / 1e9).toBeGreaterThan(7.5)
    expect(need.memoryBytes / 1e9).toBeLessThan(10.5)
    expect(need.compiledBytes).toBe(gradAt512.graphs[0].weightBytes)
    expect(need.largestPass).toBe('grad pass of batch 1 at 64×64 latents')
  })

  it('counts nothing for graphs already compiled or sessions already open', () => {
    const graphs = [unetControlFp32('unetControl', { compiled: true, open: true })]
    const need = estimateNeed({ ...gradAt512, graphs, passes: [] })
    expect(need).toMatchObject({ memoryBytes: 0, compiledBytes: 0 })
  })

  it('grows with the batch and quadratically with the attention tokens', () => {
    const at = (batch: number, side: number) =>
      estimateNeed({ ...gradAt512, graphs: [], latent: [4, side, side], passes: [{ kind: 'dca', batch }] })
    expect(at(36, 64).memoryBytes).toBeCloseTo(36 * at(1, 64).memoryBytes, -3)
    expect(at(1, 64).memoryBytes / at(1, 32).memoryBytes).toBeGreaterThan(12) // 16 for attention alone
  })
})

describe('preflight verdict', () => {
  it('passes with room to spare and says nothing', () => {
    expect(checkResources(gradAt512, roomy, dirs).warnings).toEqual([])
  })

  it('refuses too little memory, naming both numbers, the largest pass and what to do', () => {
    const check = () => checkResources(gradAt512, { ...roomy, memoryBytes: 4 * GiB }, dirs)
    expect(check).toThrow(PreflightError)
    expect(check).toThrow(/Not enough memory for this render: it needs about 8\.\d GiB .*grad pass of batch 1 at 64×64 latents.* and 4\.0 GiB is available\. Close other programs, render at a smaller width\/height/) // prettier-ignore
    expect(check).toThrow(/POSEANIMATE_SKIP_PREFLIGHT=1 \(the CLI: --no-preflight\) renders anyway/)
  })

  it('warns when memory is tight', () => {
    const { warnings } = checkResources(gradAt512, { ...roomy, memoryBytes: 10 * GiB }, dirs)
    expect(warnings).toEqual([expect.stringMatching(/^memory is tight: this render needs about 8\.\d GiB .* of the 10\.0 GiB available/)]) // prettier-ignore
  })

  it('refuses too little disk for the compiled graphs, naming the folder', () => {
    const check = () => checkResources(gradAt512, { ...roomy, compiledDiskBytes: 2 * GiB }, dirs)
    expect(check).toThrow(/Not enough disk space for this render: compiling the model's graphs into \/data\/compiled and the project's cache beside \/work\/projects needs about 4\.7 GiB and 2\.0 GiB is free there/) // prettier-ignore
  })

  it('checks the cache disk on its own when the project lives on another disk', () => {
    const have = { ...roomy, cacheDiskBytes: 100 * MiB, sameDisk: false }
    expect(() => checkResources(gradAt512, have, dirs)).toThrow(
      /the project's cache beside \/work\/projects needs about 200\.0 MiB and 100\.0 MiB is free there/,
    )
    const warnings = checkResources(gradAt512, { ...have, cacheDiskBytes: 250 * MiB }, dirs).warnings
    expect(warnings).toEqual([expect.stringMatching(/^disk is tight: the project's cache/)])
  })
})

describe('budget variables', () => {
  it('read sizes with units and refuse what is not a size', () => {
    expect(budget({ B: '8G' }, 'B')).toBe(8 * GiB)
    expect(budget({ B: '1.5GiB' }, 'B')).toBe(1.5 * GiB)
    expect(budget({ B: '512m' }, 'B')).toBe(512 * MiB)
    expect(budget({ B: '4096' }, 'B')).toBe(4096)
    expect(budget({}, 'B')).toBe(Infinity)
    expect(() => budget({ B: 'lots' }, 'B')).toThrow(/B="lots" is not a size: write e\.g\. 8G/)
  })
})
