// Graph digests key compiled models and the backend's model hash, so a builder change must change them.
// The snapshot pins the digest of every graph the engine compiles (tiny golden configs): when it fails,
// an emitted graph changed. If the change is meant, update the snapshot deliberately (`npx vitest run
// src-main/engine/runners/digest.test.ts -u`): every compiled model and stage output of the changed
// graphs is then rebuilt, as it must be.
import { afterAll, describe, expect, it } from 'vitest'
import { goldenDir, tinyConfigs } from '../../../test/golden/helpers/golden'
import { VARIANT_KINDS } from '../models/sd15/variants'
import { openCheckpoint } from '../models/weights/source'
import { compiledKey, type GraphSpec } from './compile'
import { graphDigest } from './digest'
import { textEncoderGraph, vaeGraph, variantGraph } from './graphs'

const configs = tinyConfigs()
const source = openCheckpoint(goldenDir, { configs })
afterAll(() => source.close())

const size = { latentHeight: 8, latentWidth: 8, tokens: configs.textEncoder.maxPositionEmbeddings }
const graphs: GraphSpec[] = [
  ...VARIANT_KINDS.map((kind) => variantGraph(source, { kind, ...size }, 'fp32')),
  variantGraph(source, { kind: 'unetControl', ...size }, 'fp16'),
  textEncoderGraph(source),
  textEncoderGraph(source, 1),
  vaeGraph(source, 'encode', 64, 64),
  vaeGraph(source, 'decode', 64, 64),
]

describe('graph digests', () => {
  it('pin every compiled graph (update the snapshot only for a deliberate graph change)', async () => {
    const digests: Record<string, string> = {}
    for (const g of graphs) digests[`${g.name} ${g.precision}`] = await graphDigest(g)
    expect(digests).toMatchSnapshot()
  })

  it('change with the graph: size, precision, options and config each give another digest', async () => {
    const all = await Promise.all(graphs.map((g) => graphDigest(g)))
    expect(new Set(all).size).toBe(all.length)
    const wider = variantGraph(source, { kind: 'unetControl', ...size, latentWidth: 16 }, 'fp32')
    expect(all).not.toContain(await graphDigest(wider))
    const build = () => {
      const g = graphs[0].build()
      g.output('extra', g.inputs[0])
      return g
    }
    expect(await graphDigest({ ...graphs[0], shapedBy: 'one more output', build })).not.toBe(all[0])
  })

  it('key compiled models by weights, digest and precision', async () => {
    const key = await compiledKey(graphs[0])
    expect(key).toEqual({
      weightsHash: source.contentHash,
      variant: `${graphs[0].name}/${await graphDigest(graphs[0])}`,
      precision: 'fp32',
    })
  })
})
