// The repository's shape: no import circles between files or modules, a structure drawing that matches
// the sources, and one rule for where tests live (docs/decisions/0311-where-tests-live.md).
import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DRAWING, structureDrawing } from '../../../scripts/structure/draw'
import { filesUnder, importCircles, type ImportGraph } from '../../../scripts/structure/importGraph'

const repo = resolve(import.meta.dirname, '../../..')

describe('import structure', () => {
  it('finds a circle when there is one (the checker itself)', () => {
    const graph: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ])
    expect(importCircles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']])
    expect(importCircles(new Map([['a.ts', ['a.ts']]]))).toEqual([['a.ts']])
  })

  it('has no import circle between files or between modules, and the drawing is current', () => {
    const { text, circles } = structureDrawing(repo)
    expect(circles.map((c) => c.join(' ↔ '))).toEqual([])
    const drawn = readFileSync(join(repo, DRAWING), 'utf8')
    expect(drawn, `${DRAWING} is out of date: run npm run structure`).toBe(text)
  })
})

/** Test files under the source folders; test/ holds the rest. */
const besideCodeTests = (dir: string) => filesUnder(dir, (name) => /\.test\.tsx?$/.test(name))

describe('where tests live', () => {
  it('a test beside the code is named after the module or folder it tests', () => {
    const stray = ['src-main', 'src-preload', 'src-renderer']
      .flatMap((root) => besideCodeTests(join(repo, root)))
      .filter((file) => {
        // history.test.ts, history.property.test.ts → history(.ts|.tsx|/) beside it, or the folder's own name.
        const subject = basename(file).replace(/(\.[a-z]+)?\.test\.tsx?$/, '')
        const dir = dirname(file)
        const siblings = [`${subject}.ts`, `${subject}.tsx`, subject].map((s) => join(dir, s))
        return basename(dir) !== subject && !siblings.some((s) => existsSync(s))
      })
      .map((file) => relative(repo, file))
    expect(stray, 'move cross-module tests under test/<layer>/ (decision 0311)').toEqual([])
  })
})
