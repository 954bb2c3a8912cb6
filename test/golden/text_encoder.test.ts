// CLIP text encoder parity with transformers' CLIPTextModel (golden case text_encoder): last_hidden_state,
// pooler_output and every hidden state at the manifest's tolerances, from the diffusers-named file and
// from the LDM single file (cond_stage_model.*), plus the failures a wrong model or checkpoint must cause.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emitOnnxBytes } from '../../src-main/engine/graph/onnx'
import type { WeightSource } from '../../src-main/engine/graph/weights'
import { graphWeights } from '../../src-main/engine/runners/graphWeights'
import { clipTextGraph, pooledOutput } from '../../src-main/engine/models/sd15/clip'
import { TextEncoder } from '../../src-main/engine/runners/textEncoder'
import { ClipTokenizer, EOS_ID } from '../../src-main/engine/models/tokenizer'
import { openCheckpoint, type CheckpointSource } from '../../src-main/engine/models/weights/source'
import { ModelCache, tensor, toFloat32 } from '../../src-main/engine/runtime'
import { expectClose, GoldenCase, goldenPath, maxAbsDiff, tinyConfigs } from './helpers/golden'
import { useGoldenRuntime } from './helpers/runtime'

const configs = tinyConfigs()
const cfg = configs.textEncoder
const golden = new GoldenCase('text_encoder')
const [batch, seq] = golden.shape('input_ids')
const ids = golden.read('input_ids')
const layers = cfg.numHiddenLayers

const runtime = useGoldenRuntime(golden)

function open(file: string): CheckpointSource {
  return openCheckpoint(goldenPath(file), { configs })
}

/** Runs the tiny CLIP with all hidden states as outputs. */
async function encode(weights: (graph: ReturnType<typeof clipTextGraph>) => WeightSource) {
  const graph = clipTextGraph(cfg, { hiddenStates: true })
  const session = await runtime().session(await emitOnnxBytes(graph, { weights: weights(graph) }))
  const out = await session.run({ input_ids: tensor.i64(ids, [batch, seq]) })
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toFloat32(v)]))
}

describe('CLIP text encoder against transformers (case text_encoder)', () => {
  let outputs: Record<string, Float32Array>
  const source = open('text_encoder.safetensors')
  afterAll(() => source.close())

  beforeAll(async () => {
    outputs = await encode((graph) =>
      graphWeights(graph, { weights: source.component('text_encoder'), label: source.path }),
    )
  })

  it('matches last_hidden_state (SD encoder_hidden_states)', () => {
    expect(golden.shape('last_hidden_state')).toEqual([batch, seq, cfg.hiddenSize])
    expectClose(
      'last_hidden_state',
      outputs.last_hidden_state,
      golden.read('last_hidden_state'),
      golden.atol('last_hidden_state'),
    )
  })

  it('matches every hidden state (embeddings, then after each layer, before the final norm)', () => {
    for (let i = 0; i <= layers; i++) {
      const name = `hidden_states_${i}`
      expectClose(name, outputs[name], golden.read(name), golden.atol(name))
    }
  })

  it('matches pooler_output (the state at the first EOS)', () => {
    const pooled = pooledOutput(outputs.last_hidden_state, ids, seq, EOS_ID)
    expectClose('pooler_output', pooled, golden.read('pooler_output'), golden.atol('pooler_output'))
  })

  it('gives identical outputs from the LDM single file (cond_stage_model.transformer.*)', async () => {
    const ldm = open('tiny-ldm.safetensors')
    try {
      expect(ldm.layout).toBe('sd-single-file')
      const fromLdm = await encode((graph) =>
        graphWeights(graph, { weights: ldm.component('text_encoder'), label: ldm.path }),
      )
      expect(maxAbsDiff(fromLdm.last_hidden_state, outputs.last_hidden_state).maxAbs).toBe(0)
    } finally {
      ldm.close()
    }
  })

  it('fails parity when one weight is slightly wrong', async () => {
    const weights = source.component('text_encoder')
    const target = `text_model.encoder.layers.${layers - 1}.mlp.fc2.weight`
    const wrong = await encode((graph) => {
      const real = graphWeights(graph, { weights, label: source.path })
      return (key, info) => {
        const data = real(key, info) as Float32Array
        if (key === target) data[0] += 0.05
        return data
      }
    })
    const atol = golden.atol('last_hidden_state')
    expect(maxAbsDiff(wrong.last_hidden_state, golden.read('last_hidden_state')).maxAbs).toBeGreaterThan(atol)
  })
})

describe('CLIP checkpoint problems surface with the component name', () => {
  it('refuses a checkpoint without a text encoder', () => {
    const vae = open('vae.safetensors')
    try {
      expect(() => vae.component('text_encoder')).toThrow(/has no text_encoder \(it contains: vae\)/)
    } finally {
      vae.close()
    }
  })

  it('lists wrong shapes when the file does not fit the config', () => {
    const source = open('text_encoder.safetensors')
    try {
      const graph = clipTextGraph({ ...cfg, intermediateSize: cfg.intermediateSize * 2 })
      expect(() => graphWeights(graph, { weights: source.component('text_encoder'), label: source.path })).toThrow(
        /text_encoder weights in .*text_encoder\.safetensors.*wrong shape .*mlp\.fc1\.weight/,
      )
    } finally {
      source.close()
    }
  })

  it('judges clip skip against the whole model: the dropped layers are not leftovers', () => {
    const source = open('text_encoder.safetensors')
    try {
      const full = clipTextGraph(cfg).paramKeys()
      const skipped = clipTextGraph(cfg, { clipSkip: 1 })
      expect(skipped.paramKeys().length).toBeLessThan(full.length)
      const part = { weights: source.component('text_encoder'), label: source.path }
      expect(() => graphWeights(skipped, part)).toThrow(/not used by/)
      expect(() => graphWeights(skipped, { ...part, model: full })).not.toThrow()
    } finally {
      source.close()
    }
  })
})

describe('TextEncoder: prompt → embedding for the pipeline', () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'clip-cache-'))
  const source = open('text_encoder.safetensors')
  afterAll(() => {
    source.close()
    rmSync(cacheDir, { recursive: true, force: true })
  })

  it('tokenizes and encodes the golden prompts to last_hidden_state, compiling once', async () => {
    const prompts = golden.meta.prompts ?? []
    expect(prompts.length).toBe(batch)
    const tokenizer = ClipTokenizer.load()
    expect(prompts.flatMap((p) => tokenizer.encode(p))).toEqual(Array.from(ids))
    const encoder = await TextEncoder.open(source, { runtime: runtime(), cache: new ModelCache(cacheDir), tokenizer })
    expect(encoder.cached).toBe(false)
    const embeddings = await encoder.encodePrompts(prompts)
    const expected = golden.read('last_hidden_state')
    const rows = seq * cfg.hiddenSize
    embeddings.forEach((e, i) => {
      expect(e.length).toBe(rows)
      expectClose(`prompt ${i}`, e, expected.subarray(i * rows, (i + 1) * rows), golden.atol('last_hidden_state'))
    })
    expect(await encoder.encodePrompt(prompts[0])).toEqual(embeddings[0])

    const again = await TextEncoder.open(source, { runtime: runtime(), cache: new ModelCache(cacheDir), tokenizer })
    expect(again.cached).toBe(true)
  })

  it('refuses token rows of the wrong length', async () => {
    const encoder = await TextEncoder.open(source, { runtime: runtime(), cache: new ModelCache(cacheDir) })
    await expect(encoder.encodeIds([[1, 2, 3]])).rejects.toThrow(
      new RegExp(`prompt 0 has 3 token ids, the text encoder takes ${seq}`),
    )
  })
})
