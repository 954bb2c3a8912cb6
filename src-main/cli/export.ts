// `poseanimate export <project.poseanim> --out <video>`: writes the latest render's frames again (another
// format, size or frame rate) without rendering anything.
import { resolve } from 'node:path'
import { parseCommandArgs } from './args'
import { UsageError, type CliCommand } from './command'
import { withEngine } from './engine'
import {
  describeExport,
  OUTPUT_OPTIONS,
  OUTPUT_USAGE,
  outputOptions,
  projectArgument,
  withProgress,
} from './renderOutput'

const USAGE = [
  `poseanimate export <project.poseanim|project.json> ${OUTPUT_USAGE}`,
  '  A project JSON means the database it was imported into by `poseanimate render`.',
].join('\n')

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'Export the frames of the latest render again (mp4, webm, gif or PNG frames), without rendering',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, OUTPUT_OPTIONS, USAGE)
    const project = projectArgument(positionals, USAGE)
    const output = outputOptions(values)
    if (!output.out) throw new UsageError(`export needs --out <file or folder/>\nusage: ${USAGE}`)
    const params = { path: resolve(project), ...output, out: output.out }
    const result = await withProgress(io, (o) => withEngine((engine) => engine.call('export.frames', params, o)))
    io.out(io.json ? JSON.stringify({ ok: true, ...result }) : describeExport(result))
    return 0
  },
}
