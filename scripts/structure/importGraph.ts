// The project's import graph, read from the sources: files, their relative imports, and the folder-level
// picture the structure drawing shows. Used by `npm run structure` and by the structure test.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export const SOURCE_ROOTS = ['src-main', 'src-preload', 'src-renderer/src']

/** file (repo-relative) → files it imports (repo-relative), relative imports only. */
export type ImportGraph = Map<string, string[]>

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g

export function readImportGraph(repo: string): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const root of SOURCE_ROOTS) {
    for (const file of sourceFiles(join(repo, root))) {
      const text = readFileSync(file, 'utf8')
      const targets = new Set<string>()
      for (const match of text.matchAll(IMPORT)) {
        const target = resolveImport(dirname(file), match[1] ?? match[2])
        if (target) targets.add(relative(repo, target))
      }
      graph.set(relative(repo, file), [...targets].sort())
    }
  }
  return graph
}

/** Every file under `dir` whose name passes `keep`. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : filesUnder(path, keep)
    return keep(name) ? [path] : []
  })
}

const sourceFiles = (dir: string) =>
  filesUnder(dir, (name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts'))

function resolveImport(fromDir: string, spec: string): string | null {
  const base = resolve(fromDir, spec)
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null
}

/**
 * The module a file belongs to, as the structure drawing groups them: one box per engine area
 * (src-main/engine/diffusion), per main-process folder (src-main/cli), per preload folder and per renderer
 * feature; a module's subfolders (store/repositories) belong to it.
 */
export function moduleOf(file: string): string {
  const parts = dirname(file).split('/')
  const depth = parts[0] === 'src-renderer' ? 4 : parts[1] === 'engine' ? 3 : 2
  return parts.slice(0, depth).join('/')
}

/** Folder → folders it imports from (itself excluded). */
export function folderGraph(graph: ImportGraph, group: (file: string) => string): ImportGraph {
  const folders = new Map<string, Set<string>>()
  for (const [file, targets] of graph) {
    const from = group(file)
    const set = folders.get(from) ?? new Set<string>()
    for (const target of targets) if (group(target) !== from) set.add(group(target))
    folders.set(from, set)
  }
  return new Map([...folders].map(([k, v]) => [k, [...v].sort()]))
}

/** Every strongly connected component with more than one node (or a self-import): the import circles. */
export function importCircles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const circles: string[][] = []
  const visit = (node: string) => {
    indexOf.set(node, index)
    low.set(node, index++)
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indexOf.get(next)!))
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) circles.push(component.sort())
    }
  }
  for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) visit(node)
  return circles
}
