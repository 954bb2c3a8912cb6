// Acceptance (issue 14): a farm render of the demo (fast copy) with two worker processes on a real
// Redis writes PNG frames byte-identical to a local render, also when one worker is killed with
// SIGKILL in the middle of an item (the other worker takes the item over once its lock expires), and
// when a blob in the store was damaged (it is recomputed, never used).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFastDemo } from '../demo/fastDemo'
import { firstToLog, runPoseanimate, startWorker, stop, type CliProcess } from './farmProcesses'
import { startRedis, type RedisServer } from './redisServer'

// One studio home for every process: the demo model and compiled graphs are made once.
const home = mkdtempSync(join(tmpdir(), 'pa-farm-'))
let redis: RedisServer
let reference: Buffer[]

const framesIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => readFileSync(join(dir, f)))

beforeAll(async () => {
  redis = await startRedis()
  const dir = mkdtempSync(join(home, 'local-'))
  const local = runPoseanimate(['render', writeFastDemo(dir), '--out', join(dir, 'frames') + '/'], home)
  const { code } = await local.done
  expect(code, local.log()).toBe(0)
  reference = framesIn(join(dir, 'frames'))
  expect(reference).toHaveLength(4)
}, 240_000)

afterAll(async () => {
  await redis?.stop()
  rmSync(home, { recursive: true, force: true })
})

interface FarmJson {
  ok: boolean
  farm: {
    workers: Record<string, { items: number }>
    items: { stage: string; label: string; worker: string | null; computed: boolean }[]
    damagedBlobs: number
  }
}

/** One client render of a fresh project copy on the farm; `killAt`: SIGKILL the first worker logging it. */
async function clientRender(store: string, workers: CliProcess[], killAt?: RegExp) {
  const dir = mkdtempSync(join(home, 'client-'))
  const out = join(dir, 'frames')
  const args = ['render', writeFastDemo(dir), '--farm', redis.url, '--store', store, '--out', out + '/', '--json']
  const client = runPoseanimate(args, home)
  let victim: CliProcess | undefined
  if (killAt) {
    victim = await firstToLog(workers, killAt)
    await stop(victim, 'SIGKILL')
  }
  const { code, stdout } = await client.done
  expect(code, client.log() + workers.map((w) => w.log()).join('\n')).toBe(0)
  return { json: JSON.parse(stdout) as FarmJson, frames: framesIn(out), victim }
}

/** Runs `scenario` with workers w1 and w2 on an empty queue and store; stops them afterwards. */
async function withWorkers<T>(scenario: (store: string, workers: CliProcess[]) => Promise<T>): Promise<T> {
  await redis.command('FLUSHALL')
  const store = join(mkdtempSync(join(home, 'farm-')), 'store')
  const workers = ['w1', 'w2'].map((name) => startWorker(name, redis.url, store, home))
  try {
    await Promise.all(workers.map((w) => w.waitFor(/farm worker .* on redis:/)))
    return await scenario(store, workers)
  } finally {
    await Promise.all(workers.map((w) => stop(w)))
  }
}

async function farmRender(killAt?: RegExp) {
  return withWorkers(async (store, workers) => {
    const result = await clientRender(store, workers, killAt)
    return { ...result, survivor: workers.find((w) => w !== result.victim)! }
  })
}

const nameOf = (w: CliProcess | undefined) => (w ? w.child.spawnargs[w.child.spawnargs.indexOf('--name') + 1] : '')

describe('farm render with two workers', () => {
  it('writes the frames of a local render, byte for byte, and says which worker did what', async () => {
    const { json, frames } = await farmRender()
    expect(frames).toEqual(reference)
    expect(json.farm.damagedBlobs).toBe(0)
    const workers = json.farm.workers
    expect(Object.keys(workers).sort()).toEqual(['w1', 'w2'])
    const computed = json.farm.items.filter((i) => i.worker !== null).length
    expect(workers.w1.items + workers.w2.items).toBe(computed)
  }, 240_000)

  for (const stage of ['pacm-frames', 'generate']) {
    it(`survives a worker killed with SIGKILL in the middle of a ${stage} item`, async () => {
      const { json, frames, victim, survivor } = await farmRender(new RegExp(`start ${stage} `))
      expect(frames).toEqual(reference)
      const line = victim!
        .log()
        .split('\n')
        .find((l) => l.includes(`start ${stage} `))!
      const label = line.slice(line.indexOf(stage) + stage.length + 1)
      // The item the victim was computing was finished by the survivor.
      const item = json.farm.items.find((i) => i.stage === stage && i.label === label)
      expect(item?.worker).toBe(nameOf(survivor))
    }, 240_000)
  }

  it('recomputes a damaged blob instead of using it; the other items are not computed again', async () => {
    await withWorkers(async (store, workers) => {
      const first = await clientRender(store, workers)
      // Each worker's "computed" lines; new ones are found per worker, as the logs interleave in time.
      const computedLines = () =>
        workers.map((w) =>
          w
            .log()
            .split('\n')
            .filter((l) => /: computed in/.test(l)),
        )
      const total = () => computedLines().flat().length
      // A worker logs an item after reporting it, so its log may trail the client (seconds, on a loaded
      // machine): wait for at least `n` lines, then until no more come.
      const settle = async (n: number) => {
        await expect.poll(total, { timeout: 60_000 }).toBeGreaterThanOrEqual(n)
        for (let last = -1; total() !== last; await new Promise((r) => setTimeout(r, 2000))) last = total()
        return computedLines()
      }
      const before = await settle(first.json.farm.items.filter((i) => i.computed && i.worker).length)
      const frameDir = join(store, 'pacm-frame')
      const victim = join(frameDir, readdirSync(frameDir)[0], 'phis.blob')
      truncateSync(victim, statSync(victim).size - 7)
      // A second client (a fresh project) finds every item done in the queue and downloads the outputs.
      const { json, frames } = await clientRender(store, workers)
      expect(frames).toEqual(reference)
      expect(json.farm.damagedBlobs).toBe(1)
      const after = await settle(before.flat().length + 1)
      const again = after.flatMap((lines, w) => lines.slice(before[w].length))
      expect(again).toHaveLength(1)
      expect(again[0]).toMatch(/pacm-frames frame \d: computed/)
    })
  }, 240_000)
})
