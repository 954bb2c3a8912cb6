// The BullMQ WorkQueue against a real Redis (with a password, passed in the URL to ioredis): job ids
// are content keys (adding an item twice queues it once), reports come back, a refused item fails at
// once, and a poisoned item (always failing) stops after its attempts with the failure's reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BullmqWorkQueue, BullmqWorkSource } from '../../../src-main/engine/farm/bullmqQueue'
import { parseQueueUrl } from '../../../src-main/engine/farm/connection'
import { RefusedItemError, type FarmItem, type ItemState } from '../../../src-main/engine/farm/workQueue'
import { startRedis, type RedisServer } from './redisServer'

let redis: RedisServer
let queue: BullmqWorkQueue
let source: BullmqWorkSource
const runs: string[] = []

beforeAll(async () => {
  redis = await startRedis('farm-secret')
  queue = new BullmqWorkQueue(parseQueueUrl(redis.url))
  await queue.ready()
  source = new BullmqWorkSource(parseQueueUrl(redis.url))
  source.start(
    async (item) => {
      runs.push(item.key)
      if (item.label === 'poisoned') throw new Error(`NaN in ${item.label}`)
      if (item.label === 'refused') throw new RefusedItemError('other model files')
      return { worker: 'in-test', seconds: 0.5, computed: true, unetPasses: { eps: 1, grad: 0, dca: 0 } }
    },
    { name: 'in-test', concurrency: 2, lockSeconds: 5 },
  )
}, 30_000)

afterAll(async () => {
  await source?.close()
  await queue?.close()
  await redis?.stop()
})

const item = (key: string, label: string): FarmItem => ({
  stage: 'pacm-frames',
  index: [1],
  key,
  label,
  context: 'farm-context/00',
  modelHash: 'abc',
})

async function settled(key: string): Promise<ItemState> {
  for (let i = 0; i < 200; i++) {
    const s = await queue.state(key)
    if (s.state === 'done' || s.state === 'failed') return s
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${key} did not finish`)
}

describe('BullmqWorkQueue', () => {
  it('refuses a wrong password with the connection error', async () => {
    const wrong = new BullmqWorkQueue(parseQueueUrl(redis.url.replace('farm-secret', 'nope')))
    await expect(wrong.ready()).rejects.toThrow(/WRONGPASS|invalid username-password|NOAUTH/)
    await wrong.close()
  })

  it('queues an item once per content key and returns the worker report', async () => {
    await queue.add(item('pacm-frame/aa', 'frame 1'), 3)
    await queue.add(item('pacm-frame/aa', 'frame 1'), 3)
    expect(await settled('pacm-frame/aa')).toMatchObject({ state: 'done', report: { worker: 'in-test' } })
    await queue.add(item('pacm-frame/aa', 'frame 1'), 3) // finished and kept: still a no-op
    await new Promise((r) => setTimeout(r, 300))
    expect(runs.filter((k) => k === 'pacm-frame/aa')).toHaveLength(1)
    expect(await queue.state('pacm-frame/never')).toEqual({ state: 'missing' })
  })

  it('stops a poisoned item after its attempts, and a refused item at once', async () => {
    await queue.add(item('pacm-frame/bad', 'poisoned'), 2)
    await queue.add(item('pacm-frame/refused', 'refused'), 3)
    expect(await settled('pacm-frame/bad')).toEqual({ state: 'failed', reason: 'NaN in poisoned', attempts: 2 })
    expect(await settled('pacm-frame/refused')).toMatchObject({
      state: 'failed',
      reason: 'other model files',
      attempts: 1,
    })
    expect(runs.filter((k) => k === 'pacm-frame/bad')).toHaveLength(2)
  }, 30_000)
})
