// `poseanimate render <project> --out <file>`: renders through the engine's render job with a
// terminal progress bar. The engine reports clearly while the pipeline is not yet available.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseCommandArgs } from './args'
import { UserError, type CliCommand } from './command'
import { withEngine } from './engine'
import { createProgressReporter } from './progress'

const USAGE = 'poseanimate render <project.poseanim> --out <video.mp4|dir> [--frames 0,3,7]'

export const renderCommand: CliCommand = {
  name: 'render',
  summary: 'Render a project with the PoseAnimate pipeline',
  usage: USAGE,
  async run(args, io) {
    const { positionals, values } = parseCommandArgs(
      args,
      { out: { type: 'string' }, frames: { type: 'string' } } as const,
      USAGE,
    )
    if (positionals.length !== 1) throw new UserError(`render needs one project file\nusage: ${USAGE}`)
    if (!values.out) throw new UserError(`render needs --out <file>\nusage: ${USAGE}`)
    const path = resolve(positionals[0])
    if (!existsSync(path)) throw new UserError(`No project file at ${path}.`)
    const frames = values.frames ? parseFrames(values.frames) : undefined

    const reporter = createProgressReporter(process.stderr, { json: io.json })
    const controller = new AbortController()
    const onInterrupt = () => controller.abort()
    process.once('SIGINT', onInterrupt)
    try {
      const result = await withEngine((engine) =>
        engine.call(
          'render.run',
          { path, frames },
          { signal: controller.signal, onProgress: (p) => reporter.update(p) },
        ),
      )
      io.out(io.json ? JSON.stringify({ out: resolve(values.out), ...result }) : `rendered ${resolve(values.out)}`)
      return 0
    } finally {
      reporter.finish()
      process.off('SIGINT', onInterrupt)
    }
  },
}

function parseFrames(text: string): number[] {
  const frames = text.split(',').map((s) => Number(s.trim()))
  if (frames.some((f) => !Number.isInteger(f) || f < 0)) {
    throw new UserError(`--frames takes frame numbers separated by commas, e.g. 0,3,7 (got "${text}")`)
  }
  return frames
}
