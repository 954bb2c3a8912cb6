// `npm run bench [-- name…]`: runs every bench/*.bench.ts module (or those whose name matches an
// argument; only matching files are loaded), logs progress to stderr, and prints ONE JSON summary line on stdout, last.
// A bench module: `export const bench: BenchModule = { name, run: async () => ({ …numbers }) }`.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export interface BenchModule {
  name: string
  run(): Promise<Record<string, unknown>>
}

const dir = path.dirname(fileURLToPath(import.meta.url))
const filters = process.argv.slice(2)

async function main(): Promise<void> {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filters.length || filters.some((want) => mayMatch(want, f.replace(/\.bench\.ts$/, ''))))
    .sort()
  const results: Record<string, unknown> = {}
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { bench?: BenchModule }
    if (!mod.bench) throw new Error(`${file} does not export 'bench'`)
    const { name, run } = mod.bench
    if (filters.length && !filters.some((f) => name.includes(f) || file.includes(f))) continue
    process.stderr.write(`bench ${name} …\n`)
    const t0 = performance.now()
    try {
      results[name] = { ...(await run()), wallSeconds: +((performance.now() - t0) / 1000).toFixed(2) }
    } catch (e) {
      results[name] = { error: (e as Error).message }
      process.exitCode = 1
    }
    process.stderr.write(`bench ${name}: ${JSON.stringify(results[name])}\n`)
  }
  console.log(JSON.stringify({ bench: results, node: process.version, date: new Date().toISOString() }))
}

/** Whether a filter may name this file's bench ('unet' or 'models.unet' for unet.bench.ts): only those load. */
function mayMatch(filter: string, stem: string): boolean {
  return filter.includes(stem) || stem.includes(filter)
}

await main()
// A bench may leave handles open (a browser, a server): the summary line is out, so end here.
process.exit()
