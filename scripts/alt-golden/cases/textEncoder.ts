// Case text_encoder: the profile's prompts tokenized SD-style by our tokenizer (itself matched exactly
// against the real set's tokenizer cases), then last_hidden_state, pooler_output and every hidden state.
import { clipTextGraph, pooledOutput } from '../../../src-main/engine/models/sd15/clip'
import type { ClipTextConfig } from '../../../src-main/engine/models/config'
import { ClipTokenizer } from '../../../src-main/engine/models/tokenizer'
import { tensor } from '../../../src-main/engine/runtime'
import { CaseFile, type ManifestEntry } from '../caseFile'
import type { AltProfile } from '../profile'
import { type AltContext, outputShape, runComponent } from '../run'

export async function textEncoderCase(
  ctx: AltContext,
  cfg: ClipTextConfig,
  config: Record<string, unknown>,
  p: AltProfile,
): Promise<ManifestEntry> {
  const prompts = [...p.prompts]
  const eos = Number(config.eos_token_id)
  const c = new CaseFile(
    ctx.dir,
    'case_text_encoder.safetensors',
    `Alternate CLIPTextModel (hidden ${cfg.hiddenSize}, ${cfg.numHiddenLayers} layers, ${cfg.numAttentionHeads} heads, ` +
      `${cfg.hiddenAct}). Prompts stored in the file's __metadata__.prompts.`,
    { prompts },
  )
  const tokenizer = ClipTokenizer.load()
  const ids = prompts.flatMap((prompt) => tokenizer.encode(prompt))
  const seq = ids.length / prompts.length
  c.i64('input_ids', [prompts.length, seq], ids, 'SD-style tokenization of metadata.prompts')
  const g = clipTextGraph(cfg, { hiddenStates: true, batch: prompts.length })
  const out = await runComponent(ctx, g, 'text_encoder', { input_ids: tensor.i64(ids, [prompts.length, seq]) })
  c.f32(
    'last_hidden_state',
    outputShape(g, 'last_hidden_state'),
    out.last_hidden_state,
    'after final_layer_norm (= SD encoder_hidden_states)',
    true,
  )
  const pooled = pooledOutput(out.last_hidden_state, ids, seq, eos)
  c.f32('pooler_output', [prompts.length, cfg.hiddenSize], pooled, `last_hidden_state at the first EOS (${eos})`, true)
  for (let i = 0; i <= cfg.numHiddenLayers; i++) {
    const name = `hidden_states_${i}`
    const meaning = i === 0 ? 'embeddings output' : `after encoder layer ${i - 1}, before final_layer_norm`
    c.f32(name, outputShape(g, name), out[name], meaning, true)
  }
  return c.write({ prompts: JSON.stringify(prompts) })
}
