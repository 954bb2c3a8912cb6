// Headless entry (`poseanimate`, bin/poseanimate.mjs) over the same engine the app uses.
import { runCli } from './cli/index'

process.exitCode = await runCli(process.argv.slice(2), process)
