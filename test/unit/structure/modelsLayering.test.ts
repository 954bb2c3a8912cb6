// The layering rule of engine/models: model definitions and weight files only. No production file here
// may import the runtime, the runners, onnxruntime or anything that runs or stores (DESIGN §2); tests
// (beside the definitions) may run them. Scans the import specifiers of every .ts file under models/.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const modelsDir = resolve(import.meta.dirname, '../../../src-main/engine/models')
const engineDir = resolve(modelsDir, '..')
/** Engine folders models/ may import from: itself and the pure graph builder. */
const ALLOWED_ENGINE_FOLDERS = ['models', 'graph']
/** Pure engine-level modules models/ may import too: the user-error base and the words for a path problem. */
const ALLOWED_ENGINE_MODULES = ['errors.ts', 'pathProblem.ts']
const FORBIDDEN_PACKAGES = ['onnxruntime-node', 'onnxruntime-common', 'better-sqlite3']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sourceFiles(path)
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : []
  })
}

/** Every `from '…'`, `import '…'` and `import('…')` specifier. */
function importSpecifiers(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)
  return [...found].map((m) => m[1])
}

/** Why `specifier` in `file` breaks the rule, or null when it is allowed. */
function violation(file: string, specifier: string): string | null {
  if (FORBIDDEN_PACKAGES.includes(specifier)) return `imports ${specifier}`
  if (!specifier.startsWith('.')) return null
  const target = relative(engineDir, resolve(file, '..', specifier))
  const folder = target.split(/[\\/]/)[0]
  if (ALLOWED_ENGINE_MODULES.includes(`${target}.ts`)) return null
  return ALLOWED_ENGINE_FOLDERS.includes(folder) ? null : `imports engine/${target}`
}

describe('engine/models layering', () => {
  it('finds a runtime import when there is one (the scan itself works)', () => {
    const file = join(modelsDir, 'sd15', 'unet.ts')
    expect(importSpecifiers("import type { Session } from '../../runtime/session'")).toEqual(['../../runtime/session'])
    expect(violation(file, '../../runtime/session')).toBe('imports engine/runtime/session')
    expect(violation(file, '../../runners/compile')).toBe('imports engine/runners/compile')
    expect(violation(file, 'onnxruntime-node')).toBe('imports onnxruntime-node')
    expect(violation(file, '../../graph/graph')).toBeNull()
    expect(violation(file, '../config')).toBeNull()
  })

  it('no model definition or weight loader imports the runtime, the runners or onnxruntime', () => {
    const files = sourceFiles(modelsDir)
    expect(files.length).toBeGreaterThan(20)
    const broken = files.flatMap((file) =>
      importSpecifiers(readFileSync(file, 'utf8')).flatMap((spec) => {
        const why = violation(file, spec)
        return why ? [`${relative(modelsDir, file)} ${why}`] : []
      }),
    )
    expect(broken).toEqual([])
  })
})
