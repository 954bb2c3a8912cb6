// The typed project document (decision 0280): read back through the document's schema, patched in one
// transaction, refused whole when a field is out of bounds; a project written before keeps opening.
import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Pose18 } from '../../../src-preload/api'
import { ProjectStore } from '../../../src-main/engine/store'
import { RIG_JOINT_COUNT } from '../../../src-preload/motion/rig/skeleton'

let dir: string
let path: string
let store: ProjectStore

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pa-document-'))
  path = join(dir, 'hero.poseanim')
  store = ProjectStore.create(path, { name: 'Hero' })
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const pose = (x: number): Pose18 => Array.from({ length: 18 }, (_, i) => ({ x, y: i / 18, confidence: 1 }))
const hash = (text: string) => createHash('sha256').update(text).digest('hex')
const fileBytes = () => {
  store.close()
  const bytes = readFileSync(path)
  store = ProjectStore.open(path)
  return hash(bytes.toString('base64'))
}

describe('project document', () => {
  it('patches settings and fields together and reads them back typed', () => {
    store.document.patch({ settings: { prompt: 'a knight' }, fields: { characterWords: ['knight'] } })
    store.document.patch({ fields: { sourcePose: pose(0.4), model: 'demo' } })
    const doc = store.document.read()
    expect(doc.settings).toEqual({ fps: 12, width: 512, height: 512, prompt: 'a knight' })
    expect(doc.fields).toEqual({ characterWords: ['knight'], sourcePose: pose(0.4), model: 'demo' })
    store.document.patch({ fields: { model: undefined } })
    expect(store.document.fields()).not.toHaveProperty('model')
  })

  it('refuses an out-of-bounds field whole: nothing of the patch is written', () => {
    store.document.patch({ settings: { prompt: 'before' } })
    const before = fileBytes()
    const far = pose(0.5).map((k, i) => (i === 2 ? { x: 0.5, y: 1e300, confidence: 1 } : k))
    expect(() => store.document.patch({ settings: { prompt: 'after' }, fields: { sourcePose: far } })).toThrow(
      /Cannot save the project: render\.sourcePose\.2\.y: Too big: expected number to be <=2/,
    )
    expect(store.document.read().settings.prompt).toBe('before')
    expect(fileBytes()).toBe(before)
  })

  it('bounds the keyframe table as the IPC does (1e308 was stored before)', () => {
    const far = pose(0.5).map((k, i) => (i === 7 ? { x: -1e308, y: 0.5, confidence: 1 } : k))
    expect(() => store.keyframes.replaceAll([{ frame: 0, pose: far }])).toThrow(
      /keyframes\.0\.pose\.7\.x: Too small: expected number to be >=-1/,
    )
    expect(() => store.keyframes.replaceAll([{ frame: 1e9, pose: pose(0.5) }])).toThrow(/keyframes\.0\.frame: Too big/)
    expect(store.keyframes.count()).toBe(0)
  })

  it('refuses new-project settings out of bounds (the CLI create shares them)', () => {
    expect(() => ProjectStore.create(join(dir, 'odd.poseanim'), { name: 'Odd', settings: { width: 500 } })).toThrow(
      /Invalid project settings — width: must be a multiple of 8/,
    )
  })

  it('opens a project written by the previous studio and keeps fields it does not know', () => {
    const key = (frame: number, easing: string) => ({
      frame,
      easing,
      root: [0, 0, 0],
      rotations: Array.from({ length: RIG_JOINT_COUNT }, () => [0, 0, 0, 1]),
      lengths: Array.from({ length: RIG_JOINT_COUNT }, () => 0.1),
    })
    const animation = { frameCount: 24, keys: [key(2, 'linear'), key(9, 'hold')] }
    // The settings row exactly as the untyped writes left it (settings.render, decisions 0130, 0150, 0260).
    const render = {
      sourceImage: hash('image'),
      sourceImageSize: { width: 640, height: 480 },
      sourceMask: hash('mask'),
      sourceMaskSize: { width: 640, height: 480 },
      sourcePose: pose(0.3),
      sourcePoseOrigin: 'detected',
      characterWords: ['knight'],
      animation,
      model: { checkpoint: '/models/sd15.safetensors', controlnet: '/models/openpose.safetensors' },
      pipeline: { steps: 8, pata: { retargetBones: true, maxJointStep: 0.05, transitionFrames: null } },
      panelLayout: 'wide',
    }
    store.close()
    const db = new Database(path)
    const settings = { fps: 8, width: 512, height: 512, prompt: 'a knight', render }
    db.prepare('UPDATE projects SET settings = ? WHERE id = 1').run(JSON.stringify(settings))
    db.close()

    store = ProjectStore.open(path)
    expect(store.document.read().fields).toEqual(render)
    expect(store.summary().keyframeCount).toBe(8) // frames 2…9 of the rig keys
    store.document.patch({ fields: { characterWords: [] } })
    expect(store.document.fields()).toMatchObject({ panelLayout: 'wide', animation, characterWords: [] })
  })

  it('refuses to open a project whose stored settings are out of bounds, naming the field', () => {
    store.close()
    const db = new Database(path)
    const settings = { fps: 8, width: 512, height: 512, prompt: '', render: { sourcePose: pose(1e300) } }
    db.prepare('UPDATE projects SET settings = ? WHERE id = 1').run(JSON.stringify(settings))
    db.close()
    expect(() => ProjectStore.open(path)).toThrow(
      /holds settings this version cannot use \(render\.sourcePose\.0\.x: Too big/,
    )
  })
})
