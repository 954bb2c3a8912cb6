// Writes an ALTERNATE golden folder: the real set's layout (configs, weights, tiny-ldm.safetensors,
// ldm_keymap.json, case files, manifest.json) with other widths, head counts, groups, layer counts, sample
// sizes, token counts, batch sizes, seeds, prompts, timesteps, guidance and λ (scripts/alt-golden/profile.ts).
//
//   node --import tsx scripts/make-alt-golden.ts --out <dir> [--from ../shared/golden] [--seed N] [--force]
//   GOLDEN_DIR=<dir> npx vitest run --project golden      (npm run check:alt-golden does both)
//
// THIS SET CHECKS PLUMBING, NOT CORRECTNESS. Its reference outputs are computed by OUR implementation
// (there is no PyTorch here), so passing it proves only that the golden suite and the model code take
// every size, count, key list, prompt, timestep and tolerance from the golden folder and hard-code none.
// Whether the numbers are right is what the real set (../shared/golden, made by diffusers/transformers)
// checks. Tokenizer cases and OpenPose drawings carry no widths and are copied from the real set.
// See docs/decisions/0045-alternate-golden-set.md.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openCheckpoint } from '../src-main/engine/models/weights/source'
import { createRuntime } from '../src-main/engine/runtime'
import { controlNetCase } from './alt-golden/cases/controlnet'
import { ddimCase } from './alt-golden/cases/ddim'
import { dualAttentionCase } from './alt-golden/cases/dualAttention'
import { textEncoderCase } from './alt-golden/cases/textEncoder'
import { unetForwardCase, unetInputs } from './alt-golden/cases/unet'
import { vaeCase } from './alt-golden/cases/vae'
import { vjpCase } from './alt-golden/cases/vjp'
import { CONFIG_FILES, parsedConfigs, readJson, SCHEDULER_FILE, writeConfigs } from './alt-golden/configs'
import { ALT } from './alt-golden/profile'
import { Random } from './alt-golden/random'
import { copiedCases, copyStatic, writeReadme } from './alt-golden/static'
import { writeWeights } from './alt-golden/weights'

const repoRoot = resolve(import.meta.dirname, '..')

function options() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      from: { type: 'string' },
      seed: { type: 'string' },
      force: { type: 'boolean' },
    },
  })
  if (!values.out)
    throw new Error('usage: make-alt-golden.ts --out <folder> [--from <real golden>] [--seed N] [--force]')
  const out = resolve(values.out)
  if (existsSync(out) && readdirSync(out).length && !values.force) {
    throw new Error(`${out} is not empty; pass --force to write into it anyway`)
  }
  const from = resolve(values.from ?? process.env.GOLDEN_DIR ?? resolve(repoRoot, '../shared/golden'))
  const seed = values.seed === undefined ? ALT.seed : Number(values.seed)
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`)
  return { out, from, seed }
}

async function main(): Promise<void> {
  const started = Date.now()
  const { out, from, seed } = options()
  if (from === out) throw new Error('--from and --out are the same folder')
  mkdirSync(out, { recursive: true })
  const real = readJson(resolve(from, 'manifest.json')) as { cases: Record<string, unknown> } & Record<string, unknown>
  const copied = copyStatic(from, out)
  writeReadme(out, from, seed)
  const schedulerJson = readJson(resolve(from, SCHEDULER_FILE))
  const cfg = parsedConfigs(writeConfigs(from, out, ALT), schedulerJson)
  const files = writeWeights(out, cfg, seed)
  const models = openCheckpoint(out, { configs: cfg })
  const runtime = await createRuntime({ provider: 'cpu', threads: 1 })
  const ctx = { dir: out, runtime, models }
  const rng = (k: number) => new Random(seed + 7919 * k)
  try {
    const x = unetInputs(ALT, cfg.unet, rng(1))
    const [, , h, w] = x.sampleShape
    const up = 2 ** (cfg.controlnet.conditioningEmbeddingOutChannels.length - 1)
    const vjpShapes = {
      latent: [1, cfg.unet.inChannels, h, w],
      context: [1, ALT.contextTokens, cfg.unet.crossAttentionDim],
      image: [1, cfg.controlnet.conditioningChannels, h * up, w * up],
    }
    const cases = {
      unet_forward: await unetForwardCase(ctx, cfg.unet, x),
      controlnet_forward: await controlNetCase(ctx, cfg, x, rng(2)),
      vae: await vaeCase(ctx, cfg.vae, ALT, rng(3)),
      text_encoder: await textEncoderCase(ctx, cfg.textEncoder, readJson(resolve(out, CONFIG_FILES.text_encoder)), ALT),
      ddim: ddimCase(ctx, cfg.scheduler, schedulerConfigOf(real), vjpShapes.latent, ALT, rng(5)),
      vjp: await vjpCase(ctx, cfg, vjpShapes, ALT, rng(6)),
      dual_attention: await dualAttentionCase(ctx, cfg.unet, ALT, rng(7)),
    }
    const manifest = {
      cases: { weights: weightsCase(files), ...copiedCases(real), ...cases },
      generator: 'scripts/make-alt-golden.ts',
      alternate: {
        purpose:
          'Plumbing check, NOT a correctness reference: every reference tensor was computed by the PoseAnimate ' +
          'TypeScript implementation itself. It proves the golden suite hard-codes no size, count, key list, ' +
          'prompt, timestep or tolerance. The real set (diffusers/transformers) checks correctness.',
        source_golden: from,
        seed,
        copied_from_source: copied,
        profile: ALT,
      },
      versions: { node: process.version, onnxruntime_node: ortVersion(), threads: 1, source: real.versions },
      conventions: {
        ...(real.conventions as Record<string, unknown>),
        tolerance_fields:
          'per output tensor: max_abs_value and suggested_atol = 1e-5*max_abs_value (no float64 or second ' +
          'implementation run exists for this set); ddim steps: max_abs_diff_vs_fp64_formula, measured here.',
      },
    }
    writeFileSync(resolve(out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`)
    console.log(`alternate golden set written to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    models.close()
    await runtime.dispose()
  }
}

function ortVersion(): string {
  return (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version
}

function schedulerConfigOf(real: { cases: Record<string, unknown> }): Record<string, unknown> {
  const ddim = real.cases.ddim as { scheduler_config?: Record<string, unknown> } | undefined
  if (!ddim?.scheduler_config) throw new Error('the real manifest has no ddim.scheduler_config')
  return ddim.scheduler_config
}

function weightsCase(files: Record<string, unknown>) {
  return {
    description:
      'Alternate tiny random models (scripts/alt-golden/weights.ts: U(-1,1)/sqrt(fan_in) matrices, 1+0.02U norm ' +
      'scales, 0.02U biases, seeded per component), diffusers/transformers key naming, float32. tiny-ldm.safetensors ' +
      'holds the UNet, VAE (mid attention as [C,C,1,1]) and text encoder under LDM names from OUR name tables.',
    files,
    configs: CONFIG_FILES,
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
