// The parts of the alternate set copied from the real one: they have no model widths (tokenizer cases and
// vocabulary, OpenPose drawings, full-size SD 1.5 key manifests, the pipeline's scheduler/tokenizer
// configs), and the manifest entries that describe them.
import { chmodSync, cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const COPIED_FILES = ['tokenizer_cases.json', 'bpe_simple_vocab_16e6.txt.gz', 'openpose', 'fullsize']
const COPIED_CASES = ['tokenizer', 'openpose']

export function copyStatic(from: string, out: string): string[] {
  const pipeline = readdirSync(from).filter((n) => n.startsWith('pipeline_') && n.endsWith('.json'))
  const copied = [...COPIED_FILES, ...pipeline]
  for (const name of copied) {
    const source = join(from, name)
    if (!existsSync(source)) throw new Error(`${source} is missing: is ${from} the real golden folder?`)
    cpSync(source, join(out, name), { recursive: true })
    makeWritable(join(out, name))
  }
  return copied
}

/** The real folder is read-only; the copies must not be, or the set cannot be rewritten or deleted. */
function makeWritable(path: string): void {
  const stat = statSync(path)
  chmodSync(path, stat.mode | 0o200)
  if (stat.isDirectory()) for (const name of readdirSync(path)) makeWritable(join(path, name))
}

/** The manifest cases that describe copied files, taken verbatim. */
export function copiedCases(real: { cases: Record<string, unknown> }): Record<string, unknown> {
  return Object.fromEntries(
    COPIED_CASES.map((name) => {
      if (!real.cases[name]) throw new Error(`the real manifest has no case '${name}'`)
      return [name, real.cases[name]]
    }),
  )
}

/** The folder's own README: what it is, and what it is not. */
export function writeReadme(out: string, from: string, seed: number): void {
  const text = `# ALTERNATE golden set (plumbing check, not a correctness reference)

Written by \`scripts/make-alt-golden.ts\` (seed ${seed}) in the layout of ${from}, with other widths, head
counts, groups, layers, sizes, token counts, batch sizes, seeds, prompts, timesteps, guidance and λ
(\`manifest.json → alternate.profile\`). Every reference tensor was computed by the PoseAnimate TypeScript
implementation itself, so passing the golden suite on this folder proves only that nothing is hard-coded.
The real set, made by diffusers/transformers, is what checks that the numbers are right.
Copied unchanged from the real set: ${COPIED_FILES.join(', ')} and the pipeline_*.json files.
`
  writeFileSync(join(out, 'README.md'), text)
}
