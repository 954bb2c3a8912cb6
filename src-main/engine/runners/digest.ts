// The digest of an emitted graph: SHA-256 of its ONNX structure without weight bytes (ops, node names,
// attributes, constants, initializer keys, dtypes and shapes, inputs and outputs), at the spec's
// precision. It keys compiled models and the backend's model hash. Building a full-size UNet variant
// to digest it takes about a second, so each (name, shapedBy, precision) is digested once per process.
import { createHash } from 'node:crypto'
import type { Graph } from '../graph/graph'
import { buildStructure, encodeModel } from '../graph/onnx'
import type { Precision } from '../graph/precision'

interface DigestSpec {
  name: string
  shapedBy: unknown
  precision: Precision
  build: () => Graph
}

const digests = new Map<string, Promise<string>>()

/** The digest of `spec`'s graph (16 hex). */
export function graphDigest(spec: DigestSpec): Promise<string> {
  const id = createHash('sha256')
    .update(JSON.stringify([spec.name, spec.shapedBy, spec.precision]))
    .digest('hex')
  let d = digests.get(id)
  if (!d) {
    d = digestOf(spec.build(), spec.precision)
    digests.set(id, d)
    d.catch(() => digests.delete(id))
  }
  return d
}

async function digestOf(g: Graph, precision: Precision): Promise<string> {
  const { proto } = await buildStructure(g, { precision })
  return createHash('sha256').update(encodeModel(proto)).digest('hex').slice(0, 16)
}
