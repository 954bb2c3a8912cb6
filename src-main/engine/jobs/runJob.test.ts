import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { JobProgress } from '../../../src-preload/api'
import { CancelledError } from '../errors'
import { ProjectStore, type Tensor } from '../store'
import { runJob } from './runJob'
import type { JobDefinition, WorkItem } from './types'

let dir: string
let store: ProjectStore
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pa-jobs-'))
  store = ProjectStore.create(join(dir, 'job.poseanim'), { name: 'Jobs' })
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const scalar = (v: number): Tensor => ({ dtype: 'float32', shape: [1], data: Float32Array.of(v) })

/** A pipeline-shaped job: prepare → inversion → per-frame items that read the inversion output. */
function pipelineJob(
  frames: number,
  runs: string[],
  hooks: { beforeItem?: (key: string) => void } = {},
): JobDefinition {
  const item = (
    key: string,
    cost: number,
    compute: (input: (name: string) => Promise<number>) => Promise<number>,
    inputs: Record<string, string> = {},
  ): WorkItem => ({
    key,
    outputs: ['value'],
    cost,
    inputs,
    run: async (io) => {
      hooks.beforeItem?.(key)
      runs.push(key)
      return { value: scalar(await compute(async (name) => (await io.input(name)).data[0] as number)) }
    },
  })
  return {
    id: 'job-1',
    stages: [
      { name: 'prepare', items: [item('prepare', 1, async () => 1)] },
      {
        name: 'inversion',
        items: [item('inversion', 2, async (input) => (await input('source')) + 10, { source: 'prepare/value' })],
      },
      {
        name: 'pacm-frames',
        items: Array.from({ length: frames }, (_, i) =>
          item(`frame-${i}`, 4, async (input) => (await input('trajectory')) * 100 + i, {
            trajectory: 'inversion/value',
          }),
        ),
      },
    ],
  }
}

describe('runJob', () => {
  it('runs stages in order, stores every output and reports progress to done', async () => {
    const runs: string[] = []
    const progress: JobProgress[] = []
    const summary = await runJob(pipelineJob(3, runs), { cache: store.cache, onProgress: (p) => progress.push(p) })
    expect(runs).toEqual(['prepare', 'inversion', 'frame-0', 'frame-1', 'frame-2'])
    expect(summary).toMatchObject({ computed: 5, reused: 0 })
    expect(store.cache.get('frame-2/value')!.data[0]).toBe(1102)
    expect(store.cache.info('frame-2/value')!.parents).toEqual(['inversion/value'])

    const fractions = progress.map((p) => p.fraction)
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b))
    expect(progress.at(-1)).toMatchObject({ state: 'done', fraction: 1, etaSeconds: 0, stage: 'pacm-frames' })
    expect(progress.find((p) => p.stage === 'pacm-frames' && p.itemsDone === 2)).toMatchObject({
      stageIndex: 2,
      stageCount: 3,
      itemsTotal: 3,
      stageFraction: 2 / 3,
      fraction: (1 + 2 + 8) / 15,
    })
  })

  it('estimates the time left from the measured cost rate', async () => {
    let clock = 0
    const progress: JobProgress[] = []
    const job = pipelineJob(2, [], { beforeItem: () => (clock += 0) })
    // Every item advances the clock by 3 s per unit of cost.
    const timed: JobDefinition = {
      ...job,
      stages: job.stages.map((s) => ({
        ...s,
        items: s.items.map((i) => ({ ...i, run: async (io) => ((clock += 3 * (i.cost ?? 1)), i.run(io)) })),
      })),
    }
    await runJob(timed, { cache: store.cache, now: () => clock * 1000, onProgress: (p) => progress.push(p) })
    expect(progress[0].etaSeconds).toBeNull()
    const afterPrepare = progress.find((p) => p.stage === 'prepare' && p.itemsDone === 1)!
    expect(afterPrepare.etaSeconds).toBeCloseTo(3 * (2 + 4 + 4))
  })

  it('stops between items on cancel and resumes from the last completed item', async () => {
    const controller = new AbortController()
    const firstRun: string[] = []
    const progress: JobProgress[] = []
    const job = pipelineJob(4, firstRun, { beforeItem: (key) => key === 'frame-2' && controller.abort() })
    await expect(
      runJob(job, { cache: store.cache, signal: controller.signal, onProgress: (p) => progress.push(p) }),
    ).rejects.toBeInstanceOf(CancelledError)
    expect(firstRun).toEqual(['prepare', 'inversion', 'frame-0', 'frame-1', 'frame-2'])
    expect(progress.at(-1)).toMatchObject({ state: 'cancelled', stage: 'pacm-frames', itemsDone: 3 })

    const secondRun: string[] = []
    const summary = await runJob(pipelineJob(4, secondRun), { cache: store.cache })
    expect(secondRun).toEqual(['frame-3'])
    expect(summary).toMatchObject({ computed: 1, reused: 5 }) // frame-2 finished before the cancel was seen
  })

  it('resumes after a failure without redoing finished items, even across reopening the project', async () => {
    const runs: string[] = []
    const failing = pipelineJob(3, runs, {
      beforeItem: (key) => {
        if (key === 'frame-1') throw new Error('out of memory')
      },
    })
    await expect(runJob(failing, { cache: store.cache })).rejects.toThrow('out of memory')
    store.close()
    store = ProjectStore.open(join(dir, 'job.poseanim'))
    const again: string[] = []
    await runJob(pipelineJob(3, again), { cache: store.cache })
    expect(again).toEqual(['frame-1', 'frame-2'])
  })

  it('recomputes an input evicted mid-job when a later item reads it', async () => {
    store.cache.maxBytes = 4 // room for one scalar: every write evicts all others
    const runs: string[] = []
    await runJob(pipelineJob(2, runs), { cache: store.cache })
    expect(runs).toEqual(['prepare', 'inversion', 'frame-0', 'frame-1', 'inversion', 'prepare'])
    expect(store.cache.get('frame-1/value')!.data[0]).toBe(1101)
  })

  it('rejects duplicate item keys and items that omit an output', async () => {
    const dup = pipelineJob(1, [])
    const twice: JobDefinition = { ...dup, stages: [...dup.stages, dup.stages[0]] }
    await expect(runJob(twice, { cache: store.cache })).rejects.toThrow('Job job-1 has two work items with key prepare')
    const lazy: JobDefinition = {
      id: 'lazy',
      stages: [{ name: 's', items: [{ key: 'k', outputs: ['a', 'b'], run: async () => ({ a: scalar(1) }) }] }],
    }
    await expect(runJob(lazy, { cache: store.cache })).rejects.toThrow('k did not produce b')
    expect(store.cache.has('k/a')).toBe(false)
  })
  it('reads inputs by their declared names only, and fails before starting when one cannot be had', async () => {
    const reads = (inputs: Record<string, string>, name: string): JobDefinition => ({
      id: 'named',
      stages: [
        { name: 'a', items: [{ key: 'a', outputs: ['x'], run: async () => ({ x: scalar(2) }) }] },
        { name: 'b', items: [{ key: 'b', outputs: ['y'], inputs, run: async (io) => ({ y: await io.input(name) }) }] },
      ],
    })
    await expect(runJob(reads({ source: 'z/x' }, 'source'), { cache: store.cache })).rejects.toThrow(
      "b reads 'source' (z/x), which is neither cached nor made by job named",
    )
    expect(store.cache.has('a/x')).toBe(false) // the job stopped before computing anything
    await expect(runJob(reads({ source: 'a/x' }, 'other'), { cache: store.cache })).rejects.toThrow(
      "b reads input 'other', which it does not declare",
    )
    await runJob(reads({ source: 'a/x' }, 'source'), { cache: store.cache })
    expect(store.cache.get('b/y')!.data[0]).toBe(2)
    expect(store.cache.info('b/y')!.parents).toEqual(['a/x'])
  })

  it('stores outputs named in storeAs under their own keys and reads list inputs in order', async () => {
    const job: JobDefinition = {
      id: 'lists',
      stages: [
        {
          name: 'make',
          items: [
            {
              key: 'make',
              outputs: ['one', 'two'],
              storeAs: { one: 'latents/one', two: 'latents/two' },
              run: async () => ({ one: scalar(1), two: scalar(2) }),
            },
          ],
        },
        {
          name: 'sum',
          items: [
            {
              key: 'sum',
              outputs: ['digits'],
              inputs: { parts: ['latents/two', 'latents/one'] },
              run: async (io) => {
                const [two, one] = (await io.inputList('parts')).map((t) => t.data[0] as number)
                return { digits: scalar(10 * two + one) }
              },
            },
          ],
        },
      ],
    }
    await runJob(job, { cache: store.cache })
    expect(store.cache.has('make/one')).toBe(false)
    expect(store.cache.get('latents/one')!.data[0]).toBe(1)
    expect(store.cache.get('sum/digits')!.data[0]).toBe(21)
    expect(await runJob(job, { cache: store.cache })).toMatchObject({ computed: 0, reused: 2 })
  })
})
