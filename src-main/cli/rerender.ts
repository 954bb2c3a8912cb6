// `poseanimate rerender <project> --frame k [--out <video>]`: re-renders one frame (stage 3 for k, stage 4
// with frame 0 and k−1 teacher-forced from the cache), reports the frames after k as stale, and exports
// the animation as it now shows when --out is given.
import { parseCommandArgs } from './args'
import { UsageError, type CliCommand } from './command'
import { MODEL_USAGE, OUTPUT_USAGE, engineEnv, RENDER_OPTIONS, renderParams, runRender } from './renderOutput'

const USAGE = [
  `poseanimate rerender <project.poseanim|project.json> --frame k [${OUTPUT_USAGE}]`,
  `    ${MODEL_USAGE}`,
].join('\n')

export const rerenderCommand: CliCommand = {
  name: 'rerender',
  summary: 'Re-render one frame of a rendered project (later frames become stale)',
  usage: USAGE,
  async run(args, io) {
    const options = { ...RENDER_OPTIONS, frame: { type: 'string' } } as const
    const { positionals, values } = parseCommandArgs(args, options, USAGE)
    const params = renderParams(positionals, values, USAGE)
    return runRender(io, params, { kind: 'frame', frame: frameNumber(values.frame) }, engineEnv(values))
  },
}

function frameNumber(value: string | undefined): number {
  if (value === undefined) throw new UsageError(`rerender needs --frame k (the frame to re-render)\nusage: ${USAGE}`)
  const frame = Number(value)
  if (!Number.isInteger(frame) || frame < 1) {
    throw new UsageError(`--frame must be a frame number of 1 or more (frame 0 is the source image), got "${value}"`)
  }
  return frame
}
