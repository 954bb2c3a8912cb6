// CLIP text encoder (transformers CLIPTextModel, the ViT-L/14 text tower SD 1.5 conditions on), built
// on the graph builder. Parameter keys are the transformers names (`text_model.encoder.layers.0.…`), so
// weight loading is a lookup. Math as sd15-facts §5.2:
//   x = token_embedding[ids] + position_embedding[0..S)
//   per layer:  x += out_proj(attn(layer_norm1(x), causal));  x += fc2(act(fc1(layer_norm2(x))))
//   last_hidden_state = final_layer_norm(x)
// No padding mask (SD 1.5 passes none): pad (= EOS) tokens are ordinary tokens under the causal mask.
import { Graph } from '../../graph/graph'
import * as nn from '../../graph/nn'
import type { Dim, Value } from '../../graph/types'
import type { ClipTextConfig } from '../config'
import { layerNorm, linear } from './layers'

/** The most negative float32, which transformers adds above the diagonal (torch.finfo(float32).min). */
const MASKED = -3.4028234663852886e38

export interface ClipTextOutputs {
  /** [B, S, C] after final_layer_norm (of the layer picked by clipSkip). */
  lastHiddenState: Value
  /** [B, S, C] per depth: 0 = embeddings, i = after encoder layer i−1 (no final norm). */
  hiddenStates: Value[]
}

export interface ClipTextOptions {
  /** Use the output of layer L − clipSkip (then final_layer_norm), as diffusers' clip_skip does. Default 0. */
  clipSkip?: number
}

/** Builds CLIPTextModel under the current scope; `inputIds` is int64 [B, S] with S ≤ max positions. */
export function clipTextModel(
  g: Graph,
  cfg: ClipTextConfig,
  inputIds: Value,
  o: ClipTextOptions = {},
): ClipTextOutputs {
  const skip = o.clipSkip ?? 0
  if (!Number.isInteger(skip) || skip < 0 || skip >= cfg.numHiddenLayers) {
    throw new Error(`clip skip must be an integer in [0, ${cfg.numHiddenLayers - 1}], got ${skip}`)
  }
  return g.scope('text_model', () => {
    let x = g.scope('embeddings', () => embeddings(g, cfg, inputIds)) // [B, S, C]
    const hiddenStates = [x]
    const mask = causalMask(g, Number(inputIds.shape[1])) // [1, 1, S, S]
    for (let i = 0; i < cfg.numHiddenLayers - skip; i++) {
      x = g.scope(`encoder.layers.${i}`, () => encoderLayer(g, cfg, x, mask)) // [B, S, C]
      hiddenStates.push(x)
    }
    const lastHiddenState = layerNorm(g, 'final_layer_norm', x, cfg.layerNormEps)
    return { lastHiddenState, hiddenStates }
  })
}

function embeddings(g: Graph, cfg: ClipTextConfig, ids: Value): Value {
  const [batch, seq] = ids.shape
  if (typeof seq !== 'number' || seq > cfg.maxPositionEmbeddings) {
    throw new Error(`input_ids must have a static length ≤ ${cfg.maxPositionEmbeddings}, got ${seq}`)
  }
  const c = cfg.hiddenSize
  const table = g.scope('token_embedding', () => g.param('weight', [cfg.vocabSize, c])) // [V, C]
  const tokens = g.reshape(g.gather(table, g.reshape(ids, [-1])), [batch, seq, c]) // [B, S, C]
  // Position ids are always arange(S); a checkpoint's position_ids buffer is ignored (sd15-facts §2.1).
  const positions = g.scope('position_embedding', () => g.param('weight', [cfg.maxPositionEmbeddings, c]))
  return g.add(tokens, g.slice(positions, 0, 0, seq)) // [B, S, C] + [S, C]
}

/** Additive causal mask: 0 on and below the diagonal, float32 min above (key j > query i is hidden). */
function causalMask(g: Graph, seq: number): Value {
  const values = Array.from({ length: seq * seq }, (_, k) => (k % seq > Math.floor(k / seq) ? MASKED : 0))
  return g.constant(values, 'float32', [1, 1, seq, seq])
}

function encoderLayer(g: Graph, cfg: ClipTextConfig, x: Value, mask: Value): Value {
  const normed1 = layerNorm(g, 'layer_norm1', x, cfg.layerNormEps)
  const h = g.add(
    x,
    g.scope('self_attn', () => selfAttention(g, cfg, normed1, mask)),
  ) // [B, S, C]
  const normed2 = layerNorm(g, 'layer_norm2', h, cfg.layerNormEps)
  const mlp = g.scope('mlp', () => {
    const inner = linear(g, 'fc1', normed2, cfg.intermediateSize) // [B, S, F]
    return linear(g, 'fc2', activation(g, cfg, inner), cfg.hiddenSize) // [B, S, C]
  })
  return g.add(h, mlp) // [B, S, C]
}

function selfAttention(g: Graph, cfg: ClipTextConfig, x: Value, mask: Value): Value {
  const c = cfg.hiddenSize
  const [q, k, v] = ['q_proj', 'k_proj', 'v_proj'].map((name) => linear(g, name, x, c)) // [B, S, C] each
  const { out } = nn.attention(g, q, k, v, { heads: cfg.numAttentionHeads, mask }) // scale = head_dim^-0.5
  return linear(g, 'out_proj', out, c) // [B, S, C]
}

/** quick_gelu(x) = x·σ(1.702x) (CLIP's activation); 'gelu' is the exact erf GELU. */
function activation(g: Graph, cfg: ClipTextConfig, x: Value): Value {
  return cfg.hiddenAct === 'quick_gelu' ? g.mul(x, g.sigmoid(g.mul(x, 1.702))) : nn.gelu(g, x)
}

export interface ClipGraphOptions extends ClipTextOptions {
  /** Batch dim of input_ids (default symbolic 'B'). */
  batch?: Dim
  /** Also output hidden_states_0 … hidden_states_L (for parity tests and experiments). */
  hiddenStates?: boolean
}

/**
 * The text-encoder graph: input `input_ids` int64 [B, S] (S = max positions, 77 for SD 1.5),
 * output `last_hidden_state` float32 [B, S, C] (SD's encoder_hidden_states), optionally the hidden states.
 */
export function clipTextGraph(cfg: ClipTextConfig, o: ClipGraphOptions = {}): Graph {
  const g = new Graph('text_encoder')
  const ids = g.input('input_ids', 'int64', [o.batch ?? 'B', cfg.maxPositionEmbeddings])
  const { lastHiddenState, hiddenStates } = clipTextModel(g, cfg, ids, o)
  g.output('last_hidden_state', lastHiddenState)
  if (o.hiddenStates) hiddenStates.forEach((h, i) => g.output(`hidden_states_${i}`, h))
  return g
}

/**
 * CLIPTextModel's pooler_output, computed outside the graph (SD does not use it): the final hidden state
 * at each sequence's first `eosId` token. lastHidden [B, S, C] flat, ids [B, S] flat → [B, C] flat.
 */
export function pooledOutput(
  lastHidden: Float32Array,
  ids: ArrayLike<number>,
  seq: number,
  eosId: number,
): Float32Array {
  const batch = ids.length / seq
  const c = lastHidden.length / ids.length
  const out = new Float32Array(batch * c)
  for (let b = 0; b < batch; b++) {
    let pos = 0 // argmax of (ids == eos) is 0 when there is no EOS, as in transformers
    while (pos < seq && ids[b * seq + pos] !== eosId) pos++
    if (pos === seq) pos = 0
    out.set(lastHidden.subarray((b * seq + pos) * c, (b * seq + pos + 1) * c), b * c)
  }
  return out
}
