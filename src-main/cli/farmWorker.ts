// `poseanimate farm worker`: a render-farm worker. This process takes items off the BullMQ queue and
// its forked engine (the same engine as every command) runs them, so the queue's locks are renewed
// while the engine computes.
import { resolve } from 'node:path'
import { BullmqWorkSource, defaultWorkerName } from '../engine/farm/bullmqQueue'
import { parseQueueUrl } from '../engine/farm/connection'
import { FolderBlobStore, storeFolder } from '../engine/farm/folderStore'
import { startFarmWorker } from '../engine/farm/worker'
import { EngineError } from '../engine/host/protocol'
import { DEMO_MODEL } from '../engine/project/modelFiles'
import { parseCommandArgs, positiveInt } from './args'
import { UserError, type CliCommand } from './command'
import { withEngine } from './engine'
import { engineEnv } from './renderOutput'

const USAGE = [
  'poseanimate farm worker --queue redis://HOST:PORT --store <shared folder> --model <checkpoint|demo>',
  '    [--controlnet <file>] [--concurrency N] [--provider P] [--lock-seconds S] [--name NAME]',
  '  Takes work items of any project rendered with the same model; Ctrl-C stops it after its items',
  '  (Ctrl-C twice: at once).',
  '  --queue also takes rediss:// (TLS) and redis://[USER]:PASSWORD@HOST:PORT (passed to ioredis as is).',
].join('\n')

const WORKER_OPTIONS = {
  queue: { type: 'string' },
  store: { type: 'string' },
  model: { type: 'string' },
  controlnet: { type: 'string' },
  concurrency: { type: 'string' },
  provider: { type: 'string' },
  'lock-seconds': { type: 'string' },
  name: { type: 'string' },
} as const

export const farmCommand: CliCommand = {
  name: 'farm',
  summary: 'Run a render-farm worker (see render --farm)',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args
    if (sub !== 'worker') throw new UserError(`farm needs a subcommand: worker\nusage: ${USAGE}`)
    const { positionals, values } = parseCommandArgs(rest, WORKER_OPTIONS, USAGE)
    if (positionals.length) throw new UserError(`unexpected argument "${positionals[0]}"\nusage: ${USAGE}`)
    if (!values.store) throw new UserError(`--store is missing: the folder workers and clients share\n${USAGE}`)
    if (!values.model) throw new UserError(`--model is missing: the render's checkpoint, or demo\n${USAGE}`)
    const address = parseQueueUrl(values.queue)
    const store = new FolderBlobStore(storeFolder(values.store)).location
    const model = values.model === DEMO_MODEL ? DEMO_MODEL : resolve(values.model)
    const controlnet = values.controlnet && resolve(values.controlnet)
    const concurrency = positiveInt(values.concurrency, '--concurrency') ?? 1
    const lockSeconds = positiveInt(values['lock-seconds'], '--lock-seconds') ?? 30
    const name = values.name ?? defaultWorkerName()
    return withEngine(async (engine) => {
      const source = new BullmqWorkSource(address)
      // While Redis is away every reconnect fails the same way: say so once a minute, not every 2 s.
      let last = { message: '', at: 0 }
      source.onError((err) => {
        if (err.message === last.message && Date.now() - last.at < 60_000) return
        last = { message: err.message, at: Date.now() }
        io.err(`${name}: queue error: ${err.message}`)
      })
      startFarmWorker(
        {
          source,
          runItem: (item) => engine.call('farm.item', { item, worker: name, store, model, controlnet }),
          isRefusal: (err) => err instanceof EngineError && err.code === 'user',
          log: (line) => io.err(`${name}: ${line}`),
        },
        { name, concurrency, lockSeconds },
      )
      io.err(`farm worker ${name} on ${address.shown}, store ${store}; Ctrl-C stops it`)
      await new Promise<void>((done) => {
        let stopping = false
        const stop = () => {
          // A second signal (or an unreachable Redis that the graceful close would wait for) stops at
          // once: the item in hand is lost to this worker and its lock expires, so another takes it over.
          if (stopping) process.exit(130)
          stopping = true
          io.err(`${name}: stopping after its current items (again to stop at once)`)
          source.close().then(done, done)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
      return 0
    }, engineEnv(values))
  },
}
