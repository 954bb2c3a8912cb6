// On-disk cache of compiled (emitted) models keyed by (weights hash, variant, precision); runners/compile.ts
// builds the key, with the emitted graph's digest in `variant`.
// An entry is a folder with model.json + the .onnx and its data files; it is written under a temporary
// name and renamed into place, so a crash never leaves a half-written entry that looks complete.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Graph } from '../graph/graph'
import type { Precision } from '../graph/precision'
import type { WeightSource } from '../graph/weights'
import { emitOnnx, type EmittedModel } from './emit'

export interface CompiledModelKey {
  /** Hash of the checkpoint (or checkpoints) the weights come from. */
  weightsHash: string
  /** Which graph: its name and the digest of its emitted structure, e.g. 'unetControlGrad@8x8t77/<digest>'. */
  variant: string
  precision: Precision
}

const MANIFEST = 'model.json'

export class ModelCache {
  constructor(readonly dir: string) {}

  entryDir(key: CompiledModelKey): string {
    const { weightsHash, variant, precision } = key
    const id = createHash('sha256')
      .update(JSON.stringify({ weightsHash, variant, precision }))
      .digest('hex')
      .slice(0, 24)
    return path.join(this.dir, id)
  }

  /** The cached model, or null when absent or incomplete (files missing or of the wrong size). */
  get(key: CompiledModelKey): EmittedModel | null {
    const dir = this.entryDir(key)
    const file = path.join(dir, MANIFEST)
    if (!fs.existsSync(file)) return null
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest
    const files = [m.model, ...m.data]
    const ok = files.every((f, i) => fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.size === m.sizes[i])
    if (!ok) return null
    const { hash, io, precision, weightBytes, reusedWeightBytes } = m
    const dataPaths = m.data.map((f) => path.join(dir, f))
    return { modelPath: path.join(dir, m.model), dataPaths, hash, io, precision, weightBytes, reusedWeightBytes }
  }

  /** Returns the cached model or builds and emits it (into a temp folder renamed into place). */
  async getOrEmit(
    key: CompiledModelKey,
    build: () => Graph,
    weights: WeightSource,
  ): Promise<EmittedModel & { cached: boolean }> {
    const hit = this.get(key)
    if (hit) return { ...hit, cached: true }
    const final = this.entryDir(key)
    const temp = `${final}.tmp-${process.pid}-${Date.now()}`
    try {
      const weightsId = `${key.weightsHash}|${key.variant}`
      const m = await emitOnnx(build(), { weights, precision: key.precision, dir: temp, name: 'model', weightsId })
      const files = [m.modelPath, ...m.dataPaths]
      const manifest: Manifest = {
        ...m,
        model: path.basename(m.modelPath),
        data: m.dataPaths.map((f) => path.basename(f)),
        sizes: files.map((f) => fs.statSync(f).size),
      }
      fs.writeFileSync(path.join(temp, MANIFEST), JSON.stringify(manifest))
      fs.rmSync(final, { recursive: true, force: true })
      fs.renameSync(temp, final)
    } finally {
      fs.rmSync(temp, { recursive: true, force: true })
    }
    const emitted = this.get(key)
    if (!emitted) throw new Error(`model cache: entry ${final} vanished right after it was written`)
    return { ...emitted, cached: false }
  }
}

interface Manifest extends Omit<EmittedModel, 'modelPath' | 'dataPaths'> {
  model: string
  data: string[]
  sizes: number[]
}
