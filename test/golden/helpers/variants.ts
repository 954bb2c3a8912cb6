// Variant graphs (UNet + ControlNet) with the golden tiny weights, emitted inline and run on CPU.
import type { WeightSource } from '../../../src-main/engine/graph/weights'
import { buildVariant, CONTROLNET_PREFIX, type VariantSpec } from '../../../src-main/engine/models/sd15/variants'
import { graphWeights } from '../../../src-main/engine/runners/graphWeights'
import { openCheckpoint } from '../../../src-main/engine/models/weights/source'
import { emitOnnxBytes } from '../../../src-main/engine/graph/onnx'
import type { Runtime, Session, TensorLike } from '../../../src-main/engine/runtime'
import { toFloat32 } from '../../../src-main/engine/runtime'
import { goldenPath, tinyConfigs } from './golden'

export const configs = tinyConfigs()

/** A session for `spec` with the golden UNet (unet.safetensors or `unetFile`) and ControlNet. */
export async function variantSession(
  runtime: Runtime,
  spec: VariantSpec,
  o: { unetFile?: string; tweak?: (w: WeightSource) => WeightSource } = {},
): Promise<Session> {
  const unet = openCheckpoint(goldenPath(o.unetFile ?? 'unet.safetensors'), { configs })
  const control = openCheckpoint(goldenPath('controlnet.safetensors'), { configs })
  try {
    const g = buildVariant(configs, spec)
    const weights = graphWeights(
      g,
      { weights: unet.component('unet'), label: unet.path },
      { prefix: CONTROLNET_PREFIX, weights: control.component('controlnet'), label: control.path },
    )
    return await runtime.session(await emitOnnxBytes(g, { weights: o.tweak ? o.tweak(weights) : weights }))
  } finally {
    unet.close()
    control.close()
  }
}

/** Runs a session and returns every output as float32. */
export async function runFloat(s: Session, feeds: Record<string, TensorLike>): Promise<Record<string, Float32Array>> {
  const out = await s.run(feeds)
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, toFloat32(v)]))
}

/** max |a − b| / max |b|: the relative error used for gradients. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0
  let scale = 0
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]))
    scale = Math.max(scale, Math.abs(expected[i]))
  }
  return Number.isNaN(diff) ? Infinity : diff / scale
}
