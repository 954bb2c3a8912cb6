// `poseanimate render <project> --out <video>`: renders every frame through the engine (the same
// pipeline and cache as the app; an unchanged project renders from cache) and exports the video.
import { parseCommandArgs } from './args'
import type { CliCommand } from './command'
import { withEngine } from './engine'
import {
  describeOutcome,
  MODEL_OPTIONS,
  MODEL_USAGE,
  modelOptions,
  OUTPUT_OPTIONS,
  OUTPUT_USAGE,
  outcomeJson,
  outputOptions,
  projectArgument,
  withProgress,
} from './renderOutput'

const USAGE = [
  'poseanimate render <project.poseanim|project.json> ' + OUTPUT_USAGE,
  `    ${MODEL_USAGE}`,
  '  A project JSON is imported into a project database in the cache folder (the JSON is never written).',
].join('\n')

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'Render a project with the PoseAnimate pipeline and export the video',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(args, { ...OUTPUT_OPTIONS, ...MODEL_OPTIONS } as const, USAGE)
    const project = projectArgument(positionals, USAGE)
    const params = { project, ...outputOptions(values), ...modelOptions(values) }
    const result = await withProgress(io, (o) => withEngine((engine) => engine.call('export.render', params, o)))
    io.out(io.json ? JSON.stringify(outcomeJson(result)) : describeOutcome(result).join('\n'))
    return 0
  },
}
