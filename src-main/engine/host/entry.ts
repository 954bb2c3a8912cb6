// Engine process entry: an Electron utilityProcess in the app (built to out/main/engineHost.js),
// a child_process.fork under plain Node (CLI, tests, e2e bridge).
import { engineMethods } from './handlers'
import { startEngineProcess } from './process'

startEngineProcess(engineMethods)
