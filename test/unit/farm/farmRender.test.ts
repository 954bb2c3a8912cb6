// Acceptance (issue 14): a farm render of the demo (fast copy) with two worker processes on a real
// Redis writes PNG frames byte-identical to a local render, also when one worker is killed with
// SIGKILL at random moments (seeded: FARM_KILL_SEED replays them), when Redis restarts mid-render and
// forgets its queue, and when a blob in the store was damaged (it is recomputed, never used). Redis
// away for longer than --reconnect-seconds stops the render with a clear message and loses nothing:
// the next render resumes from the project cache. One local render is the reference for all of them,
// and the two workers stay up from one scenario to the next (a killed one is replaced).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFastDemo } from '../demo/fastDemo'
import { lastArrival, nthToLog, runPoseanimate, stop, WorkerPool, workerName, type CliProcess } from './farmProcesses'
import { drawKillPoints, killItem, killSeed, type KillPoint } from './killPoints'
import { startRedis, type RedisServer } from './redisServer'

// One studio home for every process: the demo model and compiled graphs are made once.
const home = mkdtempSync(join(tmpdir(), 'pa-farm-'))
const store = join(home, 'store')
const SEED = killSeed()
const KILLS = drawKillPoints(SEED, 3)
let redis: RedisServer
let pool: WorkerPool
let reference: Buffer[]
/** Work items in the demo's render (from the local render's summary): what kill points are drawn over. */
let itemCount: number

const framesIn = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => readFileSync(join(dir, f)))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  redis = await startRedis()
  pool = new WorkerPool(2, redis.url, store, home)
  const dir = mkdtempSync(join(home, 'local-'))
  const local = runPoseanimate(['render', writeFastDemo(dir), '--out', join(dir, 'frames') + '/', '--json'], home)
  const { code, stdout } = await local.done
  expect(code, local.log()).toBe(0)
  reference = framesIn(join(dir, 'frames'))
  expect(reference).toHaveLength(4)
  itemCount = (JSON.parse(stdout) as { cache: { computed: number } }).cache.computed
}, 240_000)

afterAll(async () => {
  await pool?.stop()
  await redis?.stop()
  rmSync(home, { recursive: true, force: true })
})

interface FarmJson {
  ok: boolean
  cache: { computed: number; reused: number }
  farm: {
    workers: Record<string, { items: number }>
    items: { stage: string; label: string; worker: string | null; computed: boolean }[]
    damagedBlobs: number
  }
}

/**
 * One client render on the farm (`project`: default a fresh copy of the fast demo); `during` runs
 * while the client does (a kill, a Redis restart) and its result comes back.
 */
async function clientRender<D>(
  o: { project?: string; args?: string[]; during?: (client: CliProcess) => Promise<D> } = {},
) {
  const project = o.project ?? writeFastDemo(mkdtempSync(join(home, 'client-')))
  const out = join(project, '..', 'frames')
  const args = ['render', project, '--farm', redis.url, '--store', store, '--out', out + '/', '--json']
  const client = runPoseanimate([...args, ...(o.args ?? [])], home)
  const during = await o.during?.(client)
  const { code, stdout } = await client.done
  const json = code === 0 ? (JSON.parse(stdout) as FarmJson) : undefined
  return { code, client, json, during, frames: code === 0 ? framesIn(out) : [] }
}

/**
 * Runs `scenario` with the pool's two workers on an empty queue and an empty store; `since`: the last
 * log line before it (the workers' earlier lines belong to earlier scenarios).
 */
async function withWorkers<T>(scenario: (workers: CliProcess[], since: number) => Promise<T>): Promise<T> {
  await redis.command('FLUSHALL')
  rmSync(store, { recursive: true, force: true })
  mkdirSync(store)
  const workers = await pool.ready()
  try {
    return await scenario(workers, lastArrival())
  } finally {
    pool.replenish() // a killed worker's replacement starts up while the next scenario prepares
  }
}

const logsOf = (workers: CliProcess[]) => workers.map((w) => w.log()).join('\n')

/** Items a worker logged starting after line `since` but never finishing ("<stage> <label>"). */
function unfinished(worker: CliProcess, since: number): { stage: string; label: string }[] {
  const name = workerName(worker)
  const lines = worker
    .lines()
    .filter((l) => l.seq > since)
    .map((l) => l.text)
  return lines.flatMap((line, i) => {
    const started = /^\S+: start (\S+) (.*)$/.exec(line)
    if (!started || !line.startsWith(`${name}: `)) return []
    const [, stage, label] = started
    const ended = lines.slice(i + 1).some((l) => l.startsWith(`${name}: ${stage} ${label}: `))
    return ended ? [] : [{ stage, label }]
  })
}

/** SIGKILLs the worker that starts the kill point's item, after the kill point's pause. */
async function killAt(point: KillPoint, workers: CliProcess[], since: number, client: CliProcess) {
  const k = killItem(point, itemCount)
  const { process: victim, line } = await nthToLog(workers, /^\S+: start /, k, since)
  await sleep(point.delayMs)
  const clientRunning = client.child.exitCode === null
  await stop(victim, 'SIGKILL')
  const what = `item ${k} of ${itemCount} (${line}) + ${point.delayMs} ms, seed ${SEED}`
  return { victim, what, clientRunning }
}

describe('farm render with two workers', () => {
  it('writes the frames of a local render, byte for byte, and says which worker did what', async () => {
    const { json, frames } = await withWorkers(() => clientRender())
    expect(frames).toEqual(reference)
    expect(json!.farm.damagedBlobs).toBe(0)
    expect(json!.farm.items).toHaveLength(itemCount)
    const workers = json!.farm.workers
    expect(Object.keys(workers).sort()).toEqual(['w1', 'w2'])
    const computed = json!.farm.items.filter((i) => i.worker !== null).length
    expect(workers.w1.items + workers.w2.items).toBe(computed)
  }, 240_000)

  KILLS.forEach((point, i) => {
    it(`survives a worker SIGKILLed at random moment ${i + 1} of ${KILLS.length} (FARM_KILL_SEED=${SEED})`, async () => {
      let since = 0
      const run = await withWorkers((workers, start) => {
        since = start
        return clientRender({ during: (client) => killAt(point, workers, since, client) })
      })
      const { victim, what, clientRunning } = run.during!
      const cut = unfinished(victim, since)
      console.info(
        `farm kill ${i + 1}: ${what}; ${workerName(victim)} was ${cut.length ? `computing ${cut[0].stage} ${cut[0].label}` : 'between items'}` +
          (clientRunning ? '' : '; the client had already finished'),
      )
      expect(run.code, `${what}\n${run.client.log()}\n${logsOf(pool.workers)}${victim.log()}`).toBe(0)
      expect(run.frames, what).toEqual(reference)
      // Whatever the victim was computing was finished by another worker.
      for (const { stage, label } of cut) {
        const item = run.json!.farm.items.find((r) => r.stage === stage && r.label === label)
        expect(item?.worker, `${stage} ${label} after ${what}`).not.toBe(workerName(victim))
        expect(item?.worker, `${stage} ${label} after ${what}`).not.toBeNull()
      }
    }, 240_000)
  })

  it('recomputes a damaged blob instead of using it; the other items are not computed again', async () => {
    await withWorkers(async () => {
      await clientRender()
      const frameDir = join(store, 'pacm-frame')
      const damaged = join('pacm-frame', readdirSync(frameDir)[0], 'phis.blob')
      truncateSync(join(store, damaged), statSync(join(store, damaged)).size - 7)
      const before = blobFiles()
      // A second client (a fresh project) finds every item done in the queue and downloads the outputs.
      const { json, frames } = await clientRender()
      expect(frames).toEqual(reference)
      expect(json!.farm.damagedBlobs).toBe(1)
      // Only the damaged blob was written again: every other item's outputs are the first render's files.
      const after = blobFiles()
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
      expect([...after].filter(([file, id]) => before.get(file) !== id).map(([file]) => file)).toEqual([damaged])
    })
  }, 240_000)
})

/** Every blob file in the store with its identity (inode, size, mtime): a rewritten file changes it. */
function blobFiles(): Map<string, string> {
  const files = readdirSync(store, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.blob'))
  return new Map(
    files.map((f) => {
      const s = statSync(join(store, f))
      return [f, `${s.ino}:${s.size}:${s.mtimeMs}`]
    }),
  )
}

describe('farm render while Redis goes away', () => {
  it('finishes with the frames of a local render when Redis restarts mid-render and forgets its queue', async () => {
    const run = await withWorkers((workers, since) =>
      clientRender({
        during: async (client) => {
          await nthToLog(workers, /: start pacm-frames /, 1, since)
          await redis.stop()
          await sleep(1500)
          await redis.start()
          return client.child.exitCode === null
        },
      }),
    )
    expect(run.during, 'Redis restarted before the render finished').toBe(true)
    expect(run.code, run.client.log() + logsOf(pool.workers)).toBe(0)
    expect(run.frames).toEqual(reference)
    expect(run.json!.farm.items).toHaveLength(itemCount)
  }, 240_000)

  it('stops with a clear message when Redis stays away, keeps what finished, and the next render resumes', async () => {
    const project = writeFastDemo(mkdtempSync(join(home, 'client-')))
    await withWorkers(async (workers, since) => {
      const lost = await clientRender({
        project,
        args: ['--reconnect-seconds', '3'],
        during: () => nthToLog(workers, /: start pacm-frames /, 1, since).then(() => redis.stop()),
      })
      expect(lost.code, lost.client.log()).toBe(1)
      expect(lost.client.log()).toMatch(
        /Lost the farm queue at redis:\/\/127\.0\.0\.1:\d+ for \d+ s .*render again once Redis is back/,
      )
      await redis.start()
      const resumed = await clientRender({ project })
      expect(resumed.code, resumed.client.log() + logsOf(pool.workers)).toBe(0)
      expect(resumed.frames).toEqual(reference)
      // Stages 1 and 2 finished before Redis went away: they come from the project cache.
      expect(resumed.json!.cache.reused).toBeGreaterThan(0)
      expect(resumed.json!.farm.items.filter((i) => i.stage === 'pacm-source' && i.worker !== null)).toEqual([])
    })
  }, 240_000)
})
