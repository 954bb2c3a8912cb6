// The model hash every pipeline stage key starts from: the checkpoints' content hashes, their configs,
// and the digest of every graph the backend runs at its render size. The digests are taken at fp32,
// the reference precision: which precision a provider runs is a runtime choice and, as before, does not
// change stage keys. At full size the digests take a few seconds once per process (no session, no file).
import { createHash } from 'node:crypto'
import { VARIANT_KINDS } from '../models/sd15/variants'
import { graphDigest } from './digest'
import { textEncoderGraph, type VariantSources, vaeGraph, variantGraph } from './graphs'

export interface HashedGeometry {
  width: number
  height: number
  /** [channels, height, width] of the latent. */
  latent: readonly [number, number, number]
  tokens: number
}

/** 32 hex: changes with any weight, config or emitted graph the backend may run at `geometry`. */
export async function modelHashOf(sources: VariantSources, geometry: HashedGeometry): Promise<string> {
  const { unet: main, controlnet: control } = sources
  const [, latentHeight, latentWidth] = geometry.latent
  const graphs = [
    ...VARIANT_KINDS.map((kind) =>
      variantGraph(sources, { kind, latentHeight, latentWidth, tokens: geometry.tokens }, 'fp32'),
    ),
    textEncoderGraph(main),
    vaeGraph(main, 'encode', geometry.width, geometry.height),
    vaeGraph(main, 'decode', geometry.width, geometry.height),
  ]
  const hash = createHash('sha256').update(`${main.contentHash}\n${control.contentHash}\n`)
  hash.update(`${JSON.stringify({ ...main.configs, controlnet: control.configs.controlnet })}\n`)
  for (const g of graphs) hash.update(`${g.name}=${await graphDigest(g)}\n`)
  return hash.digest('hex').slice(0, 32)
}
