// What a farm worker's engine does with one queued item: rebuilds it from its render context with the
// worker's own model, reads its inputs from the blob store (verified), runs the same code as a local render
// and stores its outputs under their content keys. An item whose outputs are all stored already is
// answered without computing (a repeated item is a no-op).
import type { DiffusionBackend } from '../diffusion/models'
import type { StageContext } from '../diffusion/stages'
import { outputKey, type ItemIo, type WorkItem } from '../jobs'
import type { Tensor } from '../tensor'
import type { BlobStore } from './blobStore'
import { contextFromBlob, itemOf } from './renderContext'
import { tensorFromBlob, tensorToBlob } from './tensorBlob'
import { RefusedItemError, type FarmItem, type ItemReport } from './workQueue'

/** Starts a message the client recognises: the item can run once its inputs are stored again. */
export const MISSING_INPUT = 'missing input:'

export interface ItemRunnerSetup {
  blobs: BlobStore
  /** This worker's backend for a render size (opened once per size). */
  backendFor(width: number | undefined, height: number | undefined): Promise<DiffusionBackend>
  /** What the worker's model is, for refusals: "the demo model", a checkpoint path. */
  modelName: string
}

/** Runs queued items for worker `name`; render contexts are parsed once and kept for the next items. */
export function createItemRunner(setup: ItemRunnerSetup): (queued: FarmItem, name: string) => Promise<ItemReport> {
  const contexts = new Map<string, StageContext>()
  const contextOf = async (item: FarmItem, name: string): Promise<StageContext> => {
    const known = contexts.get(item.context)
    if (known) return known
    const bytes = await setup.blobs.get(item.context)
    if (!bytes) throw new RefusedItemError(`${MISSING_INPUT} render context ${item.context} is not in the store`)
    const { settings } = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
      settings: { width?: number; height?: number }
    }
    const backend = await setup.backendFor(settings.width, settings.height)
    if (backend.modelHash !== item.modelHash) {
      throw new RefusedItemError(
        `worker ${name} refuses ${item.stage} for ${item.label}: its model (${setup.modelName}, hash ` +
          `${backend.modelHash.slice(0, 12)}) differs from the render's (hash ${item.modelHash.slice(0, 12)}). ` +
          'Start the worker with the same model files as the render.',
      )
    }
    const c = contextFromBlob(bytes, backend)
    if (contexts.size > 8) contexts.clear()
    contexts.set(item.context, c)
    return c
  }

  return async (queued, name) => {
    const t0 = performance.now()
    const c = await contextOf(queued, name)
    const item = itemOf(c, queued)
    if (item.key !== queued.key) {
      throw new RefusedItemError(
        `worker ${name} computes key ${item.key} for ${queued.stage} ${queued.label}, the render expects ` +
          `${queued.key}: the worker runs another engine version or model; update it to the client's.`,
      )
    }
    const outputs = item.outputs.map((o) => outputKey(item, o))
    const before = { ...c.backend.passes }
    const stored = await Promise.all(outputs.map((k) => setup.blobs.has(k)))
    const computed = !stored.every(Boolean)
    if (computed) await runItem(item, setup.blobs)
    return {
      worker: name,
      seconds: (performance.now() - t0) / 1000,
      computed,
      unetPasses: {
        eps: c.backend.passes.eps - before.eps,
        grad: c.backend.passes.grad - before.grad,
        dca: c.backend.passes.dca - before.dca,
      },
    }
  }
}

/** Runs the item on inputs from the store and stores its outputs (each put is atomic). */
async function runItem(item: WorkItem, blobs: BlobStore): Promise<void> {
  const read = async (key: string): Promise<Tensor> => {
    const bytes = await blobs.get(key)
    if (!bytes) throw new RefusedItemError(`${MISSING_INPUT} ${item.key} reads ${key}, which is not in the store`)
    return tensorFromBlob(bytes, key)
  }
  const declared = (name: string) => {
    const keys = item.inputs?.[name]
    if (keys === undefined) throw new Error(`${item.key} reads input '${name}', which it does not declare`)
    return keys
  }
  const io: ItemIo = {
    input: (name) => read(declared(name) as string),
    inputList: (name) => Promise.all([declared(name)].flat().map(read)),
    signal: new AbortController().signal,
  }
  const result = await item.run(io)
  for (const output of item.outputs) {
    if (!(output in result)) throw new Error(`${item.key} did not produce ${output}`)
    await blobs.put(outputKey(item, output), tensorToBlob(result[output]))
  }
}
