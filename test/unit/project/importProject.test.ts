// Project JSON → project database: the demo imports completely, the JSON is never written, a re-import
// keeps the stage cache, and bad files are refused with messages that say where the problem is.
import { createHash } from 'node:crypto'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { importProjectJson } from '../../../src-main/engine/project/importProject'
import { denseMotion } from '../../../src-main/engine/project/projectMotion'
import { readRenderProject } from '../../../src-main/engine/project/projectSetup'
import { ProjectStore } from '../../../src-main/engine/store'

const demoJson = resolve(import.meta.dirname, '../../../resources/demo/project.json')
const cache = mkdtempSync(join(tmpdir(), 'import-test-'))
afterAll(() => rmSync(cache, { recursive: true, force: true }))
const nulls = (n: number) => Array.from({ length: n }, () => null)
const far = { x: 1e300, y: 0.5, confidence: 1 }
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

function withStore<T>(path: string, fn: (store: ProjectStore) => T): T {
  const store = ProjectStore.open(path)
  try {
    return fn(store)
  } finally {
    store.close()
  }
}

describe('importProjectJson', () => {
  it('imports the demo into the cache dir without touching the JSON', () => {
    const before = sha(demoJson)
    const imported = importProjectJson(demoJson, cache)
    expect(imported.created).toBe(true)
    expect(imported.path.startsWith(join(cache, 'imported'))).toBe(true)
    expect(sha(demoJson)).toBe(before)
    const project = withStore(imported.path, readRenderProject)
    expect(project).toMatchObject({
      name: 'Demo: astronaut wave',
      fps: 8,
      characterWords: ['astronaut'],
      model: 'demo',
    })
    expect(project.sourceImage).toMatchObject({ width: 256, height: 256 })
    expect(project.sourceMask).toMatchObject({ width: 256, height: 256 })
    const covered = project.sourceMask!.data.reduce((n, v) => n + v, 0) / project.sourceMask!.data.length
    expect(covered).toBeGreaterThan(0.3) // the astronaut fills much of the frame, not all of it
    expect(covered).toBeLessThan(0.8)
    expect(project.motion).toHaveLength(8)
    expect(project.sourcePose).toHaveLength(18)
    expect(project.pipeline).toMatchObject({ width: 128, height: 128 })
  })

  it('re-imports in place and keeps the stage cache', () => {
    const { path } = importProjectJson(demoJson, cache)
    withStore(path, (s) => s.cache.put('stage/x', { dtype: 'float32', shape: [1], data: new Float32Array([1]) }))
    const again = importProjectJson(demoJson, cache)
    expect(again).toEqual({ path, created: false })
    expect(withStore(path, (s) => s.cache.has('stage/x'))).toBe(true)
  })

  it('follows edits of the JSON (prompt, keyframes, image)', () => {
    const dir = mkdtempSync(join(cache, 'edit-'))
    const json = JSON.parse(readFileSync(demoJson, 'utf8'))
    copyFileSync(resolve(demoJson, '..', json.image), join(dir, json.image))
    copyFileSync(resolve(demoJson, '..', json.mask), join(dir, json.mask))
    writeFileSync(
      join(dir, 'p.json'),
      JSON.stringify({ ...json, prompt: 'a dancer', keyframes: json.keyframes.slice(0, 3) }),
    )
    const { path } = importProjectJson(join(dir, 'p.json'), cache)
    expect(withStore(path, readRenderProject)).toMatchObject({ prompt: 'a dancer', motion: { length: 3 } })
  })

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['no keyframes', { keyframes: [] }, /keyframes: the target motion needs at least one keyframe/],
    ['a broken pose', { sourcePose: [1, 2] }, /sourcePose: a pose has exactly 18 OpenPose keypoints/],
    ['an unknown field', { colour: 'red' }, /Unrecognized key.*colour/],
    ['a missing image', { image: 'nope.png' }, /image cannot be read: .*nope\.png does not exist/],
    // The studio's bounds (src-preload/document, decision 0280): before, these reached the render.
    [
      'a keypoint at 1e300',
      { sourcePose: [far, ...nulls(17)] },
      /sourcePose\.0\.x: Too big: expected number to be <=2/,
    ],
    [
      'a keyframe keypoint at 1e308',
      { keyframes: [{ frame: 0, pose: [...nulls(5), { ...far, x: 0.5, y: -1e308 }, ...nulls(12)] }] },
      /keyframes\.0\.pose\.5\.y: Too small: expected number to be >=-1/,
    ],
    [
      'a keyframe at frame 1e9',
      { keyframes: [{ frame: 1e9, pose: nulls(18) }] },
      /keyframes\.0\.frame: Too big: expected number to be <=100000/,
    ],
    ['a render width of 64000', { render: { width: 64000 } }, /render\.width: Too big: expected number to be <=2048/],
  ])('refuses %s clearly', (_, edit, message) => {
    const dir = mkdtempSync(join(cache, 'bad-'))
    const json = JSON.parse(readFileSync(demoJson, 'utf8'))
    copyFileSync(resolve(demoJson, '..', json.image), join(dir, json.image))
    copyFileSync(resolve(demoJson, '..', json.mask), join(dir, json.mask))
    writeFileSync(join(dir, 'p.json'), typeof edit === 'string' ? edit : JSON.stringify({ ...json, ...edit }))
    expect(() => importProjectJson(join(dir, 'p.json'), cache)).toThrow(message)
  })
})

describe('denseMotion', () => {
  it('fills frames between keyframes linearly', () => {
    const pose = (x: number) => Array.from({ length: 18 }, () => ({ x, y: 0.5, confidence: 1 }))
    const motion = denseMotion([
      { frame: 4, pose: pose(0.5) },
      { frame: 0, pose: pose(0.1) },
    ])
    expect(motion.map((p) => p[0]!.x)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5].map((v) => expect.closeTo(v, 9)))
  })
})
