// tfjs on its WASM backend in plain Node (no tfjs-node, no canvas, no network): the backend is started
// once, and graph models load from local files through a file IOHandler instead of fetch.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs-core'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter'
import { UserError } from '../../errors'

export { tf }
export type { GraphModel }

let ready: Promise<void> | null = null

/** Starts the WASM backend once per process (SIMD when the runtime has it; single-threaded in Node). */
export function ensureWasmBackend(): Promise<void> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url)
    const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/'
    setWasmPaths(wasmDir)
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs WASM backend failed to start')
    await tf.ready()
  })()
  return ready
}

/** The folder holding the vendored pose models: POSEANIMATE_POSE_MODELS, else resources/models/pose above us. */
export function defaultPoseModelDir(): string {
  if (process.env.POSEANIMATE_POSE_MODELS) return process.env.POSEANIMATE_POSE_MODELS
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'resources/models/pose')
    if (existsSync(join(candidate, 'NOTICE.md'))) return candidate
    dir = resolve(dir, '..')
  }
  throw new Error('resources/models/pose not found; set POSEANIMATE_POSE_MODELS to the folder')
}

interface ModelJson {
  modelTopology: object
  format?: string
  generatedBy?: string
  convertedBy?: string
  signature?: object
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]
}

/** Loads a tfjs graph model (model.json + weight shards) from disk. */
export async function loadLocalGraphModel(jsonPath: string): Promise<GraphModel> {
  await ensureWasmBackend()
  if (!existsSync(jsonPath))
    throw new UserError(`model file missing: ${jsonPath} (reinstall or check resources/models)`)
  const handler: tf.io.IOHandler = {
    load: async () => {
      const model = JSON.parse(readFileSync(jsonPath, 'utf8')) as ModelJson
      const shards = model.weightsManifest.flatMap((group) =>
        group.paths.map((p) => readFileSync(join(dirname(jsonPath), p))),
      )
      const all = Buffer.concat(shards)
      return {
        modelTopology: model.modelTopology,
        format: model.format,
        generatedBy: model.generatedBy,
        convertedBy: model.convertedBy,
        signature: model.signature,
        weightSpecs: model.weightsManifest.flatMap((group) => group.weights),
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      }
    },
  }
  return loadGraphModel(handler)
}
