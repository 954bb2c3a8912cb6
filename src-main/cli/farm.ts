// The client half of `poseanimate render --farm`: a render whose work items run on `farm worker`s
// (farmWorker.ts), with the workers and their items in the summary.
import { parseQueueUrl } from '../engine/farm/connection'
import { storeFolder } from '../engine/farm/folderStore'
import type { JobProgress } from '../../src-preload/api'
import type { CallOptions, EngineHost } from '../engine/host/client'
import type { EngineMethods } from '../engine/host/handlers'
import type { FarmRenderOutcome } from '../engine/host/handlers/farm'
import { positiveInt } from './args'
import { UserError, type CliIo } from './command'
import { parseFrameRange } from './frameRange'
import { describeOutcome, engineEnv, outcomeJson, renderParams, renderThenExport } from './renderOutput'

/** The `render` options that send it to a farm. */
export const FARM_RENDER_OPTIONS = {
  farm: { type: 'string' },
  store: { type: 'string' },
  attempts: { type: 'string' },
  'reconnect-seconds': { type: 'string' },
} as const

export const FARM_RENDER_USAGE =
  '[--farm redis://HOST:PORT --store <shared folder> [--attempts N] [--reconnect-seconds S]]  (work items on\n' +
  '    `farm worker`s; S: how long a lost Redis is waited for before the render stops, default 60)'

/** True for `render --farm …`; --store or --attempts without --farm is a usage mistake. */
export function farmRequested(values: {
  farm?: string
  store?: string
  attempts?: string
  'reconnect-seconds'?: string
}): boolean {
  const farmOnly = [values.store, values.attempts, values['reconnect-seconds']]
  if (values.farm === undefined && farmOnly.some((v) => v !== undefined)) {
    throw new UserError('--store, --attempts and --reconnect-seconds go with --farm redis://HOST:PORT')
  }
  return values.farm !== undefined
}

/** `render --farm`: the farm.render engine call, its progress, and the summary with the workers. */
export function farmRender(
  io: CliIo,
  positionals: string[],
  values: Parameters<typeof renderParams>[1] & {
    farm?: string
    store?: string
    attempts?: string
    'reconnect-seconds'?: string
    provider?: string
    frames?: string
  },
  usage: string,
): Promise<number> {
  if (!values.store) throw new UserError(`--farm needs --store <folder shared with the workers>\nusage: ${usage}`)
  parseQueueUrl(values.farm, '--farm')
  if (values.frames !== undefined && values.out !== undefined) {
    throw new UserError('--frames renders into the project cache: drop --out')
  }
  const params = renderParams(positionals, values, usage)
  const { path, model, controlnet, settings } = params
  const farm = {
    farm: values.farm!,
    store: storeFolder(values.store),
    attempts: positiveInt(values.attempts, '--attempts'),
    reconnectSeconds: positiveInt(values['reconnect-seconds'], '--reconnect-seconds'),
    frames: values.frames === undefined ? undefined : parseFrameRange(values.frames),
  }
  const render = (engine: EngineHost<EngineMethods>, o: CallOptions<JobProgress>) =>
    engine.call('farm.render', { path, model, controlnet, settings, ...farm }, o)
  return renderThenExport(io, params, engineEnv(values), render, {
    describe: (outcome) => [...describeOutcome(outcome), ...describeFarm(outcome)],
    json: (outcome) => ({ ...outcomeJson(outcome), farm: outcome.farm }),
  })
}

function describeFarm(o: FarmRenderOutcome): string[] {
  const lines = [`  farm ${o.farm.queue}, store ${o.farm.store}`]
  for (const [name, w] of Object.entries(o.farm.workers)) {
    const stages = Object.entries(w.stages).map(([stage, n]) => `${stage} ${n}`)
    lines.push(`  worker ${name}: ${w.items} items (${stages.join(', ')}), ${w.seconds.toFixed(1)} s`)
  }
  if (o.farm.damagedBlobs) lines.push(`  ${o.farm.damagedBlobs} damaged blob(s) in the store were recomputed`)
  return lines
}
