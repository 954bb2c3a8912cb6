// The alternate set's sizes and values: every number here deliberately differs from the real golden set
// (README of ../shared/golden) and from the other numbers here, so a test or a model that hard-codes one
// of the real sizes, or confuses two sizes, fails on this set. SD 1.5's block types are kept.
//
//                         real golden              alternate
//   UNet channels         (32, 32, 64, 64)         (24, 40, 40, 56)
//   UNet heads            8 (int)                  [2, 4, 4, 8] (the attention_head_dim list form)
//   layers per block      2                        1  (8 ControlNet residuals instead of 12)
//   norm groups           UNet 8, VAE 8            UNet 4, VAE 2
//   cross-attention dim   32                       48 (= CLIP hidden)
//   hint channels         (8, 16, 32, 64)          (4, 8, 16, 32)
//   VAE                   (16, 32, 32, 32), 0.18215  (8, 16, 24, 24), scaling 0.2125
//   CLIP                  32 wide, 64 MLP, 4 heads, 2 layers   48 wide, 80 MLP, 3 heads, 3 layers
//   latent channels       4                        6 (UNet in/out, ControlNet in, VAE latent)
//   latent / image        16×16 / 128×128          24×16 / 192×128 (not square)
//   VAE image             128×128                  176×120 (latent 22×15)
//   UNet context tokens   77                       33 (CLIP itself keeps 77: the tokenizer's length)
//   batch / frames        2 / 4                    3 / 5
//   DDIM steps            50 (t = 981, 501, 1)      25 (t = 961, 481, 1)
//   guidance, λ           7.5, (0.7, 0.15, 0.15)    5, (0.6, 0.25, 0.15)

export const ALT = {
  seed: 20_240_607,
  unet: {
    block_out_channels: [24, 40, 40, 56],
    attention_head_dim: [2, 4, 4, 8],
    layers_per_block: 1,
    norm_num_groups: 4,
    cross_attention_dim: 48,
    sample_size: 24,
    in_channels: 6,
    out_channels: 6,
  },
  controlnet: { conditioning_embedding_out_channels: [4, 8, 16, 32] },
  vae: {
    block_out_channels: [8, 16, 24, 24],
    layers_per_block: 1,
    norm_num_groups: 2,
    scaling_factor: 0.2125,
    latent_channels: 6,
    sample_size: 192, // = UNet sample_size × 8, as in SD 1.5 (512 = 64 × 8): the render size
  },
  textEncoder: {
    hidden_size: 48,
    intermediate_size: 80,
    num_attention_heads: 3,
    num_hidden_layers: 3,
    projection_dim: 48,
  },
  latent: { height: 24, width: 16 },
  vaeImage: { height: 176, width: 120 },
  contextTokens: 33,
  batch: 3,
  frames: 5,
  ddim: { steps: 25, stepTimesteps: [961, 481, 1], inverseTimesteps: [1, 41, 481, 961] },
  vjp: { timestep: 601, guidance: 5 },
  dual: { timestep: 321, lambda: [0.6, 0.25, 0.15] },
  prompts: ['a watercolor painting of a red fox dancing in the snow', '', 'pixel art knight, 16-bit, side view'],
} as const

export type AltProfile = typeof ALT
