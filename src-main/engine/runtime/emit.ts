// Writes an emitted model to disk: <dir>/<name>.onnx plus external weight shards <name>.onnx.data[.k].
// Weights are written one tensor at a time (never one >2 GiB buffer); a SHA-256 over the graph and the
// weight bytes identifies the model for session caching.
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Graph } from '../graph/graph'
import { buildModel, type BuildOptions, encodeModel, type IoSignature, type Placement } from '../graph/onnx'
import type { Precision } from '../graph/precision'
import type { WeightSource } from '../graph/weights'

export interface EmitOptions extends BuildOptions {
  weights: WeightSource
  dir: string
  name: string
  /** Largest external data file; a new shard starts beyond it (default 1 GiB). */
  shardBytes?: number
  /**
   * Identifies the weights (e.g. the checkpoint's hash). When given, the model hash is computed from it
   * instead of from every weight byte, which saves seconds on multi-GB models.
   */
  weightsId?: string
}

export interface EmittedModel {
  modelPath: string
  dataPaths: string[]
  /** SHA-256 of the model proto and every weight byte (or of the proto and `weightsId`). */
  hash: string
  io: IoSignature
  precision: Precision
  weightBytes: number
  /** Bytes of the weights read by more than one op (forward + VJP graphs): see Runtime.sessionOptions. */
  reusedWeightBytes: number
}

const ALIGN = 64

class ShardWriter {
  readonly files: string[] = []
  private fd = -1
  private offset = 0
  total = 0

  constructor(
    private readonly dir: string,
    private readonly base: string,
    private readonly shardBytes: number,
    private readonly hash: ReturnType<typeof createHash> | null,
  ) {}

  place(bytes: Uint8Array): Placement {
    const start = Math.ceil(this.offset / ALIGN) * ALIGN
    if (this.fd < 0 || (start + bytes.length > this.shardBytes && this.offset > 0)) return this.next(bytes)
    fs.writeSync(this.fd, bytes, 0, bytes.length, start)
    this.offset = start + bytes.length
    this.total += bytes.length
    this.hash?.update(bytes)
    return { location: this.files[this.files.length - 1], offset: start, length: bytes.length }
  }

  private next(bytes: Uint8Array): Placement {
    this.close()
    const file = this.files.length === 0 ? `${this.base}.data` : `${this.base}.data.${this.files.length}`
    this.files.push(file)
    this.fd = fs.openSync(path.join(this.dir, file), 'w')
    this.offset = 0
    return this.place(bytes)
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd)
    this.fd = -1
  }
}

/** Emits `g` as an ONNX file with external weights; returns the paths and the model hash. */
export async function emitOnnx(g: Graph, o: EmitOptions): Promise<EmittedModel> {
  fs.mkdirSync(o.dir, { recursive: true })
  const file = `${o.name}.onnx`
  const hash = createHash('sha256')
  if (o.weightsId !== undefined) hash.update(`weights:${o.weightsId}\n`)
  const shards = new ShardWriter(o.dir, file, o.shardBytes ?? 2 ** 30, o.weightsId === undefined ? hash : null)
  let built
  try {
    built = await buildModel(g, o.weights, { place: (_key, bytes) => shards.place(bytes) }, o)
  } finally {
    shards.close()
  }
  const bytes = encodeModel(built.proto)
  hash.update(bytes)
  const modelPath = path.join(o.dir, file)
  fs.writeFileSync(modelPath, bytes)
  return {
    modelPath,
    dataPaths: shards.files.map((f) => path.join(o.dir, f)),
    hash: hash.digest('hex'),
    io: built.io,
    reusedWeightBytes: built.reusedWeightBytes,
    precision: o.precision ?? 'fp32',
    weightBytes: shards.total,
  }
}
