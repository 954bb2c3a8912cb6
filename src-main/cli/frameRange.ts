// `poseanimate render <project> --frames a-b`: renders a frame range into the project's cache (with the
// earlier frames stage 4 needs), for render managers that cut a shot into tasks (docs/farm/). It is
// render.job with the frames named, like the studio's render of a selection.
import { UserError, type CliIo } from './command'
import { engineEnv, renderParams, runRender } from './renderOutput'

export const FRAMES_OPTIONS = { frames: { type: 'string' } } as const

export const FRAMES_USAGE = '[--frames a-b]  (render frames a…b into the project cache; no --out)'

/** "3", "2-5" or "2–5" → [2, 3, 4, 5]; frame 0 is the source and is rendered from stage 4 as well. */
export function parseFrameRange(value: string): number[] {
  const match = /^(\d+)(?:\s*[-–]\s*(\d+))?$/.exec(value.trim())
  const [a, b] = match ? [Number(match[1]), Number(match[2] ?? match[1])] : [NaN, NaN]
  if (!match || b < a) throw new UserError(`--frames wants a frame or a range like 2-5, got "${value}"`)
  return Array.from({ length: b - a + 1 }, (_, i) => a + i)
}

/** The local render of a frame range, with progress and the render summary. */
export function renderFrameRange(
  io: CliIo,
  positionals: string[],
  values: Parameters<typeof renderParams>[1] & { frames?: string; provider?: string; 'no-preflight'?: boolean },
  usage: string,
): Promise<number> {
  if (values.out !== undefined) throw new UserError('--frames renders into the project cache: drop --out')
  const frames = parseFrameRange(values.frames!)
  return runRender(io, renderParams(positionals, values, usage), { kind: 'render', frames }, engineEnv(values))
}
