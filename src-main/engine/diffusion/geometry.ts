// The render geometry a backend is opened for (image, latent and attention-map sizes, DCA layers), from the
// model configs; and the error for a model or size the backend cannot use.
import { UserError } from '../errors'
import type { ModelConfigs } from '../models/config'
import type { BackendGeometry } from './models'

export class BackendError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'BackendError'
  }
}

export function geometryOf(configs: ModelConfigs, width: number, height: number): BackendGeometry {
  const down = 2 ** (configs.vae.blockOutChannels.length - 1) // 8
  const multiple = down * 2 ** (configs.unet.blockOutChannels.length - 1) // 64
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v <= 0 || v % multiple !== 0) {
      throw new BackendError(`render ${name} ${v} must be a positive multiple of ${multiple} pixels for this model`)
    }
  }
  const latent = [configs.vae.latentChannels, height / down, width / down] as const
  return {
    width,
    height,
    latent,
    tokens: configs.textEncoder.maxPositionEmbeddings,
    embedDim: configs.unet.crossAttentionDim,
    mapHeight: latent[1] / 4,
    mapWidth: latent[2] / 4,
    dcaLayers:
      configs.unet.upBlockTypes.filter((t) => t === 'CrossAttnUpBlock2D').length *
      (configs.unet.layersPerBlock + 1) *
      configs.unet.transformerLayersPerBlock,
  }
}
