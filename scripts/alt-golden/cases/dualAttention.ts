// Case dual_attention: F frames through the UNet with every up-block self-attention replaced by the
// dual-consistency mix (our hook, MGDM off) → out_dual, and with plain attention → out_plain. The
// description states λ in the real generator's words, which is where the test reads them from.
import { Graph } from '../../../src-main/engine/graph/graph'
import type { UNetConfig } from '../../../src-main/engine/models/config'
import { dualAttentionHooks } from '../../../src-main/engine/models/sd15/dualAttention'
import { unet2DCondition } from '../../../src-main/engine/models/sd15/unet'
import { tensor } from '../../../src-main/engine/runtime'
import { CaseFile, dims, type ManifestEntry } from '../caseFile'
import type { AltProfile } from '../profile'
import { numel, type Random } from '../random'
import { type AltContext, runComponent } from '../run'

function dualGraph(cfg: UNetConfig, sampleShape: number[], contextShape: number[], dual: boolean): Graph {
  const g = new Graph('unet')
  const [frames, , h, w] = sampleShape
  const sample = g.input('sample', 'float32', sampleShape)
  const timestep = g.input('timestep', 'int64', [frames])
  const context = g.input('encoder_hidden_states', 'float32', contextShape)
  const hooks = dual
    ? dualAttentionHooks({
        frame0: g.input('frame0_index', 'int64', [frames]),
        prev: g.input('prev_index', 'int64', [frames]),
        weights: g.input('dca_weights', 'float32', [3]),
        mask: g.input('mask', 'float32', [frames, 1, h, w]),
        mgdm: g.input('mgdm', 'float32', [frames]),
      })
    : undefined
  g.output('out', unet2DCondition(g, cfg, { sample, timestep, context }, { hooks }))
  return g
}

/** The attn1 processors the hook replaces: every transformer block of the cross-attention up blocks. */
function replacedProcessors(cfg: UNetConfig): string[] {
  return cfg.upBlockTypes.flatMap((type, i) => {
    if (type !== 'CrossAttnUpBlock2D') return []
    return Array.from({ length: cfg.layersPerBlock + 1 }, (_, j) =>
      Array.from(
        { length: cfg.transformerLayersPerBlock },
        (_, k) => `up_blocks.${i}.attentions.${j}.transformer_blocks.${k}.attn1.processor`,
      ),
    ).flat()
  })
}

export async function dualAttentionCase(
  ctx: AltContext,
  cfg: UNetConfig,
  p: AltProfile,
  rng: Random,
): Promise<ManifestEntry> {
  const [l0, l1, l2] = p.dual.lambda
  const frames = p.frames
  const sampleShape = [frames, cfg.inChannels, p.latent.height, p.latent.width]
  const contextShape = [frames, p.contextTokens, cfg.crossAttentionDim]
  const c = new CaseFile(
    ctx.dir,
    'case_dual_attention.safetensors',
    `Self-attention over F frames (batch = frames). Frame 0: plain self-attention. Frame i>0: ${l0}*Attn(Q_i,K_0,V_0) + ` +
      `${l1}*Attn(Q_i,K_{i-1},V_{i-1}) + ${l2}*Attn(Q_i,K_i,V_i), mixed before to_out (our dualAttentionHooks, MGDM off).`,
    { replaced_processors: replacedProcessors(cfg) },
  )
  const sample = c.f32('sample', sampleShape, rng.normal(numel(sampleShape)), `F=${frames} frames ${dims(sampleShape)}`)
  const timesteps = c.i64(
    'timesteps',
    [frames],
    new Array<number>(frames).fill(p.dual.timestep),
    `${p.dual.timestep} for every frame`,
  )
  const one = rng.normal(numel(contextShape) / frames)
  const context = new Float32Array(numel(contextShape)).map((_, i) => one[i % one.length])
  c.f32('encoder_hidden_states', contextShape, context, `the same context repeated for the ${frames} frames`)
  const base = {
    sample: tensor.f32(sample, sampleShape),
    timestep: tensor.i64(timesteps),
    encoder_hidden_states: tensor.f32(context, contextShape),
  }
  const dual = await runComponent(ctx, dualGraph(cfg, sampleShape, contextShape, true), 'unet', {
    ...base,
    frame0_index: tensor.i64(new Array<number>(frames).fill(0)),
    prev_index: tensor.i64(Array.from({ length: frames }, (_, i) => Math.max(i - 1, 0))),
    dca_weights: tensor.f32(p.dual.lambda, [3]),
    mask: tensor.f32(new Float32Array(frames * p.latent.height * p.latent.width).fill(1), [
      frames,
      1,
      p.latent.height,
      p.latent.width,
    ]),
    mgdm: tensor.f32(new Float32Array(frames), [frames]),
  })
  const plain = await runComponent(ctx, dualGraph(cfg, sampleShape, contextShape, false), 'unet', base)
  c.f32(
    'out_dual',
    sampleShape,
    dual.out,
    'unet output with the up-block attn1 replaced by the dual-consistency mix',
    true,
  )
  c.f32('out_plain', sampleShape, plain.out, 'unet output with plain attention everywhere', true)
  return c.write()
}
