import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Pose18 } from '../../../src-preload/api'
import { LATEST_SCHEMA_VERSION, ProjectStore, type Tensor } from '../../../src-main/engine/store'

let dir: string
let store: ProjectStore

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pa-store-'))
  store = ProjectStore.create(join(dir, 'walk.poseanim'), { name: 'Walk cycle', settings: { fps: 24 } })
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const pose = (x: number): Pose18 =>
  Array.from({ length: 18 }, (_, i) => (i === 3 ? null : { x, y: i / 18, confidence: 1 }))
const f32 = (values: number[], shape = [values.length]): Tensor => ({
  dtype: 'float32',
  shape,
  data: Float32Array.from(values),
})

describe('project store', () => {
  it('creates a project with defaults merged and the schema recorded', () => {
    const record = store.record()
    expect(record.name).toBe('Walk cycle')
    expect(record.settings).toEqual({ fps: 24, width: 512, height: 512, prompt: '' })
    expect(store.integrityCheck()).toBe('ok')
    store.close()
    store = ProjectStore.open(join(dir, 'walk.poseanim'))
    expect(store.summary()).toMatchObject({ name: 'Walk cycle', keyframeCount: 0 })
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(1)
  })

  it('refuses to overwrite an existing file and a blank name', () => {
    expect(() => ProjectStore.create(join(dir, 'walk.poseanim'), { name: 'Other' })).toThrow(/already exists/)
    expect(() => ProjectStore.create(join(dir, 'blank.poseanim'), { name: '   ' })).toThrow(/needs a name/)
  })

  it('replaces keyframes atomically and keeps missing joints as null', () => {
    store.keyframes.replaceAll([
      { frame: 10, pose: pose(0.2) },
      { frame: 0, pose: pose(0.1) },
    ])
    const keyframes = store.keyframes.list()
    expect(keyframes.map((k) => k.frame)).toEqual([0, 10])
    expect(keyframes[0].pose[3]).toBeNull()
    expect(keyframes[1].pose[0]).toEqual({ x: 0.2, y: 0, confidence: 1 })
    // A duplicate frame violates the primary key: the whole replacement is rolled back.
    expect(() =>
      store.keyframes.replaceAll([
        { frame: 5, pose: pose(0.5) },
        { frame: 5, pose: pose(0.6) },
      ]),
    ).toThrow(/Two keyframes are at frame 5: each frame can hold one pose/)
    expect(store.keyframes.list().map((k) => k.frame)).toEqual([0, 10])
  })

  it('stores assets once per content hash', () => {
    const bytes = new Uint8Array([1, 2, 3, 4])
    const a = store.assets.put({ kind: 'source-image', mime: 'image/png', name: 'a.png', bytes })
    const b = store.assets.put({ kind: 'source-image', mime: 'image/png', name: 'copy.png', bytes })
    expect(a).toBe(b)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(store.assets.list()).toHaveLength(1)
    expect([...store.assets.bytes(a)!]).toEqual([1, 2, 3, 4])
  })

  it('tracks render status', () => {
    store.renders.create('r1', { frames: [1, 2] })
    store.renders.setStatus('r1', 'running', { stage: 'inversion' })
    expect(store.renders.get('r1')).toMatchObject({
      status: 'running',
      stage: 'inversion',
      settings: { frames: [1, 2] },
    })
    expect(() => store.renders.setStatus('nope', 'done')).toThrow(/no render/)
  })
})

describe('tensor cache', () => {
  it('round-trips every dtype with shape, parents and exact bytes', () => {
    const tensors: Tensor[] = [
      f32([1.5, -2, 3.25, 0], [2, 2]),
      { dtype: 'float16', shape: [2], data: Uint16Array.from([0x3c00, 0xc000]) },
      { dtype: 'int32', shape: [3], data: Int32Array.from([-1, 0, 7]) },
      { dtype: 'int64', shape: [1], data: BigInt64Array.from([2n ** 40n]) },
      { dtype: 'uint8', shape: [1, 3], data: Uint8Array.from([0, 128, 255]) },
    ]
    tensors.forEach((t, i) => store.cache.put(`t${i}`, t, i ? [`t${i - 1}`] : []))
    tensors.forEach((t, i) => {
      const back = store.cache.get(`t${i}`)!
      expect(back.dtype).toBe(t.dtype)
      expect(back.shape).toEqual(t.shape)
      expect([...back.data]).toEqual([...t.data])
    })
    expect(store.cache.info('t2')!.parents).toEqual(['t1'])
    expect(store.cache.get('missing')).toBeUndefined()
  })

  it('rejects a tensor whose data does not match its shape, writing nothing', () => {
    expect(() =>
      store.cache.putMany([
        { key: 'ok', tensor: f32([1]) },
        { key: 'bad', tensor: f32([1, 2], [3]) },
      ]),
    ).toThrow(/cache entry bad: 8 bytes of data for float32\[3\]/)
    expect(store.cache.has('ok')).toBe(false)
  })

  it('evicts the least recently used entries when over its size bound', () => {
    store.cache.maxBytes = 3 * 16
    const four = () => f32([1, 2, 3, 4]) // 16 bytes
    store.cache.put('a', four())
    store.cache.put('b', four())
    store.cache.put('c', four())
    store.cache.get('a') // a is now more recent than b
    const evicted = store.cache.putMany([{ key: 'd', tensor: four() }])
    expect(evicted).toEqual(['b'])
    expect(['a', 'b', 'c', 'd'].map((k) => store.cache.has(k))).toEqual([true, false, true, true])
    expect(store.cache.totalBytes()).toBe(48)
  })

  it('keeps the recency order across reopening', () => {
    store.cache.maxBytes = 2 * 16
    store.cache.put('old', f32([1, 2, 3, 4]))
    store.cache.put('new', f32([1, 2, 3, 4]))
    store.close()
    store = ProjectStore.open(join(dir, 'walk.poseanim'), { cacheMaxBytes: 2 * 16 })
    store.cache.put('newest', f32([1, 2, 3, 4]))
    expect(store.cache.has('old')).toBe(false)
    expect(store.cache.has('new')).toBe(true)
  })

  it('lists keys by prefix with LIKE wildcards escaped', () => {
    store.cache.put('stage3/frame_1', f32([1]))
    store.cache.put('stage3/frame%2', f32([1]))
    store.cache.put('stage4/frame_1', f32([1]))
    expect(store.cache.keysWithPrefix('stage3/').sort()).toEqual(['stage3/frame%2', 'stage3/frame_1'])
    expect(store.cache.keysWithPrefix('stage3/frame%')).toEqual(['stage3/frame%2'])
  })
})
