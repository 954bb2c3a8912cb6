// Bad project files: project JSONs (syntax, fields, bounds) and project databases (*.poseanim) that
// are not projects, damaged, of a newer version, or reached through a bad path.
import Database from 'better-sqlite3'
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ProjectStore } from '../../../src-main/engine/store'
import { runCliCases, type CliCase } from './harness'
import { file, projectJson, symlinkLoop, type Json } from './inputs'

const render = (dir: string, edit: (p: Json) => void) => ['render', projectJson(dir, edit), '--out', join(dir, 'o.mp4')]
const show = (path: string) => ['project', 'show', path]

function project(dir: string, name = 'p.poseanim'): string {
  const path = join(dir, name)
  const store = ProjectStore.create(path, { name: 'Bad input' })
  store.cache.put('big', { dtype: 'float32', shape: [16 * 1024], data: new Float32Array(16 * 1024) })
  store.close()
  return path
}

const CASES: CliCase[] = [
  {
    name: 'json: starts with a UTF-8 byte-order mark',
    argv: (d) => {
      const path = projectJson(d, (p) => (p.image = 'absent.jpg'))
      writeFileSync(path, `\uFEFF${readFileSync(path, 'utf8')}`)
      return ['render', path, '--out', join(d, 'o.mp4')]
    },
    exit: 1,
    // Parsed past the BOM: the first problem found is the (deliberately) missing image.
    message: /absent\.jpg does not exist/,
  },
  {
    name: 'json: not valid JSON',
    argv: (d) => ['render', file(d, 'p.json', '{"name": "x",'), '--out', join(d, 'o.mp4')],
    exit: 1,
    message: /p\.json is not valid JSON/,
  },
  {
    name: 'json: an array instead of a project',
    argv: (d) => ['render', file(d, 'p.json', '[1, 2]'), '--out', join(d, 'o.mp4')],
    exit: 1,
    message: /p\.json is not a valid PoseAnimate project/,
  },
  {
    name: 'json: no image field',
    argv: (d) => render(d, (p) => delete p.image),
    exit: 1,
    message: /is not a valid PoseAnimate project: image/,
  },
  {
    name: 'json: fps is a string',
    argv: (d) => render(d, (p) => (p.fps = 'fast')),
    exit: 1,
    message: /is not a valid PoseAnimate project: fps/,
  },
  {
    name: 'json: two keyframes at one frame',
    argv: (d) =>
      render(d, (p) => {
        const keyframes = p.keyframes as Json[]
        keyframes[1] = { ...keyframes[1], frame: keyframes[0].frame }
      }),
    exit: 1,
    message: /Two keyframes are at frame \d+: each frame can hold one pose/,
  },
  {
    name: 'json: an empty file',
    argv: (d) => ['render', file(d, 'p.json', ''), '--out', join(d, 'o.mp4')],
    exit: 1,
    message: /p\.json is not valid JSON/,
  },
  {
    name: 'json: a symbolic link that loops',
    argv: (d) => ['render', symlinkLoop(d, 'loop.json'), '--out', join(d, 'o.mp4')],
    exit: 1,
    message: /loop\.json is a symbolic link that loops back on itself/,
  },
  {
    name: 'project: a text file named .poseanim',
    argv: (d) => show(file(d, 'notes.poseanim', 'These are my notes.\n'.repeat(10))),
    exit: 1,
    message: /notes\.poseanim is not a PoseAnimate project: it is a text file/,
  },
  {
    name: 'project: truncated',
    argv: (d) => {
      const path = project(d)
      truncateSync(path, 8192)
      return show(path)
    },
    exit: 1,
    message: /p\.poseanim is truncated \(8192 bytes, its header says \d+\); restore it from a backup/,
  },
  {
    name: 'project: written by a newer version',
    argv: (d) => {
      const path = project(d)
      const db = new Database(path)
      db.pragma('journal_mode = DELETE')
      db.pragma('user_version = 999')
      db.close()
      return show(path)
    },
    exit: 1,
    message: /written by a newer PoseAnimate Studio \(schema 999/,
  },
  {
    name: 'project: an SQLite database of another application',
    argv: (d) => {
      const db = new Database(join(d, 'contacts.poseanim'))
      db.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')")
      db.close()
      return show(join(d, 'contacts.poseanim'))
    },
    exit: 1,
    message: /is an SQLite database of another application/,
  },
  {
    name: 'project: a symbolic link that loops',
    argv: (d) => show(symlinkLoop(d, 'loop.poseanim')),
    exit: 1,
    message: /loop\.poseanim is a symbolic link that loops back on itself/,
  },
  {
    name: 'project: a folder',
    argv: (d) => {
      mkdirSync(join(d, 'folder.poseanim'))
      return show(join(d, 'folder.poseanim'))
    },
    exit: 1,
    message: /folder\.poseanim is not a file/,
  },
  {
    name: 'project: does not exist (render)',
    argv: (d) => ['render', join(d, 'absent.poseanim'), '--out', join(d, 'o.mp4')],
    exit: 1,
    message: /No project file at .*absent\.poseanim/,
  },
  {
    name: 'project: already exists (create)',
    argv: (d) => ['project', 'create', project(d)],
    exit: 1,
    message: /already exists/,
  },
  {
    name: 'usage: two projects given',
    argv: (d) => ['render', projectJson(d), projectJson(d), '--out', join(d, 'o.mp4')],
    exit: 2,
    message: /give exactly one project file/,
  },
  {
    name: 'usage: an unknown option',
    argv: (d) => ['render', projectJson(d), '--frame-rate', '3'],
    exit: 2,
    message: /Unknown option '--frame-rate'/,
  },
  {
    name: 'usage: an unknown command',
    argv: () => ['paint'],
    exit: 2,
    message: /unknown command "paint"/,
  },
  {
    name: 'usage: rerender without --frame',
    argv: (d) => ['rerender', projectJson(d)],
    exit: 2,
    message: /rerender needs --frame k/,
  },
]

runCliCases('pa-bad-proj-', CASES)
