// `poseanimate render <project> --out <video>`: renders every frame through the engine (the same
// pipeline and cache as the app; an unchanged project renders from cache) and exports the video.
import { parseCommandArgs } from './args'
import type { CliCommand } from './command'
import { FARM_RENDER_OPTIONS, FARM_RENDER_USAGE, farmRender, farmRequested } from './farm'
import { FRAMES_OPTIONS, FRAMES_USAGE, renderFrameRange } from './frameRange'
import { MODEL_USAGE, OUTPUT_USAGE, engineEnv, RENDER_OPTIONS, renderParams, runRender } from './renderOutput'

const USAGE = [
  'poseanimate render <project.poseanim|project.json> ' + OUTPUT_USAGE,
  `    ${MODEL_USAGE}`,
  `    ${FARM_RENDER_USAGE}`,
  `    ${FRAMES_USAGE}`,
  '  A project JSON is imported into a project database in the cache folder (the JSON is never written).',
].join('\n')

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'Render a project with the PoseAnimate pipeline and export the video',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(
      args,
      { ...RENDER_OPTIONS, ...FARM_RENDER_OPTIONS, ...FRAMES_OPTIONS },
      USAGE,
    )
    if (farmRequested(values)) return farmRender(io, positionals, values, USAGE)
    if (values.frames !== undefined) return renderFrameRange(io, positionals, values, USAGE)
    const params = renderParams(positionals, values, USAGE)
    return runRender(io, params, { kind: 'render' }, engineEnv(values))
  },
}
