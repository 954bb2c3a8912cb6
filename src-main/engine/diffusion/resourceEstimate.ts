// What a render needs before its heavy stages run (decision 0244): memory for the sessions it opens plus
// the largest UNet pass's activations, disk for the graphs it compiles and for the cache entries it
// writes. Rough by design: the constants come from issue 10's measurements, and the estimate exists to
// refuse what clearly cannot fit (and warn when it is tight), not to predict peak RSS.

/** One graph a render uses, as the backend knows it. */
export interface GraphFootprint {
  /** e.g. 'unetControlGrad', 'vae/decode'. */
  name: string
  /** Weight bytes the session holds and the compiled graph writes, at the graph's precision. */
  weightBytes: number
  /** Already compiled on disk: compiling it writes nothing. */
  compiled: boolean
  /** Session already open in this process: its memory is already spent. */
  open: boolean
}

/** A UNet + ControlNet pass kind and the largest batch the render runs it with. */
export interface PassShape {
  kind: 'plain' | 'grad' | 'dca'
  batch: number
}

export interface EstimateInput {
  graphs: readonly GraphFootprint[]
  passes: readonly PassShape[]
  /** Latent [channels, height, width]: the highest-resolution attention has height × width tokens. */
  latent: readonly [number, number, number]
  /** Attention heads of the UNet's highest-resolution blocks (8 in SD 1.5). */
  heads: number
  /** Bytes of cache entries the render writes (latents, embeddings, images). */
  cacheBytes: number
}

export interface ResourceNeed {
  memoryBytes: number
  /** Disk in the compiled-graphs folder. */
  compiledBytes: number
  /** Disk beside the project (its cache). */
  cacheBytes: number
  /** What dominates the activations, for the message, e.g. "dca pass of batch 36 at 64×64 latents". */
  largestPass: string
}

/**
 * Per pass kind: attention matrices [heads, tokens, keys] alive at once (fp32: softmax stays fp32 in every
 * precision), how many key sets the queries see (DCA: frame 0, previous frame, own frame), and bytes of
 * other activations per token. The gradient graph keeps three attention matrices for its backward pass
 * plus one in flight, and ~560 KB of saved activations per token (issue 10: 8.8 GB peak for forward +
 * gradient at a 64² latent with 4.9 GB of fp32 weights). Forward passes hold scores and probabilities.
 */
const PASS_COST = {
  plain: { matrices: 2, keySets: 1, perToken: 64 * 1024 },
  grad: { matrices: 4, keySets: 1, perToken: 560 * 1024 },
  dca: { matrices: 2, keySets: 3, perToken: 64 * 1024 },
} as const

const ATTENTION_BYTES = 4

/** Activation bytes of one pass at the highest-resolution attention. */
export function passBytes(pass: PassShape, tokens: number, heads: number): number {
  const c = PASS_COST[pass.kind]
  const attention = c.matrices * heads * tokens * tokens * c.keySets * ATTENTION_BYTES
  return pass.batch * (attention + c.perToken * tokens)
}

export function estimateNeed(input: EstimateInput): ResourceNeed {
  const [, h, w] = input.latent
  const tokens = h * w
  const opening = input.graphs.filter((g) => !g.open)
  const weights = opening.reduce((sum, g) => sum + g.weightBytes, 0)
  let largest = { bytes: 0, label: 'no UNet pass' }
  for (const pass of input.passes) {
    const bytes = passBytes(pass, tokens, input.heads)
    if (bytes > largest.bytes)
      largest = { bytes, label: `${pass.kind} pass of batch ${pass.batch} at ${h}×${w} latents` }
  }
  return {
    memoryBytes: weights + largest.bytes,
    compiledBytes: input.graphs.filter((g) => !g.compiled).reduce((sum, g) => sum + g.weightBytes, 0),
    cacheBytes: input.cacheBytes,
    largestPass: largest.label,
  }
}
