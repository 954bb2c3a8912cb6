// Token cross-attention maps for character masks (sd15-facts §10, PACM recording): the probabilities of
// the UNet's cross-attention layers on the grid at 1/4 of the latent resolution, averaged over heads and
// over those layers (prompt-to-prompt's aggregate_attention, MasaCtrl's mask): 16×16 for a 64×64 latent,
// i.e. down_blocks.2 (×2) and up_blocks.1 (×3) in SD 1.5; the mid block (1/8) is never on that grid.
import type { Graph } from '../../graph/graph'
import { GraphError, type Value } from '../../graph/types'
import type { AttentionHooks } from './blocks'

export interface CrossAttentionMaps {
  hooks: AttentionHooks
  /** Modules recorded so far, e.g. 'down_blocks.2.attentions.0.transformer_blocks.0.attn2'. */
  readonly modules: readonly string[]
  /** Mean map [B, H·W, tokens] over the recorded layers; throws when none was recorded. */
  mean(g: Graph): Value
}

/** Records the maps of the UNet layers whose grid is (latentHeight/4, latentWidth/4). */
export function recordCrossAttentionMaps(latentHeight: number, latentWidth: number): CrossAttentionMaps {
  const [height, width] = [latentHeight / 4, latentWidth / 4]
  const maps: Value[] = []
  const modules: string[] = []
  return {
    modules,
    hooks: {
      crossAttentionProbs(g, site, probs) {
        if (site.model !== 'unet' || site.height !== height || site.width !== width) return
        maps.push(g.reduceMean(probs, [1], false)) // [B, N, T], mean over heads
        modules.push(site.module)
      },
    },
    mean(g) {
      if (!maps.length)
        throw new GraphError(g.scopePath, `no UNet cross-attention layer runs on a ${height}×${width} grid`)
      const sum = maps.reduce((acc, m) => g.add(acc, m))
      return maps.length === 1 ? sum : g.div(sum, maps.length) // [B, N, T]
    },
  }
}
