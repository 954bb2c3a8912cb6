// Frame 0 is the source image itself (paper §3: "the first frame x_0 … is identical to the source image
// I_s"), exactly the pixels the render took as input (cropped and resized to the render size). What the
// pipeline reconstructs for frame 0 (the decode of its final latent) stays available for diagnostics: the
// `frameZero: 'reconstruction'` setting shows it, and every render reports its error (decision 0320).
import type { JobCache } from '../jobs'
import type { RgbImage } from '../image/rgbImage'
import type { RenderKeys } from './keys'
import { meanSquaredError } from './objective'
import type { Tensor } from '../store'

/** How well the pipeline reconstructs the source: what the animator reads to judge inversion. */
export interface ReconstructionError {
  /** MSE of frame 0's final latent against the source latent z_0 (VAE scale). */
  latentMse: number
  /** RMS error of the decoded reconstruction against the source pixels, in 0…1 units. */
  pixelRmse: number
  /** Peak signal-to-noise ratio of the same, in dB (Infinity when identical). */
  psnr: number
}

/** Frame 0's outputs: the shown image, the decoded reconstruction and its error against the source. */
export function frameZeroOutputs(
  shown: 'source' | 'reconstruction',
  source: RgbImage,
  reconstruction: RgbImage,
  errors: { latent: Float32Array; z0: Float32Array },
): Record<'rgb' | 'reconstruction' | 'error', Tensor> {
  const e = reconstructionError(source, reconstruction, errors.latent, errors.z0)
  const rgb = (image: RgbImage): Tensor => ({ dtype: 'uint8', shape: [image.height, image.width, 3], data: image.data })
  return {
    rgb: rgb(shown === 'source' ? source : reconstruction),
    reconstruction: rgb(reconstruction),
    error: { dtype: 'float32', shape: [3], data: Float32Array.of(e.latentMse, e.pixelRmse, e.psnr) },
  }
}

export function reconstructionError(
  source: RgbImage,
  reconstruction: RgbImage,
  latent: Float32Array,
  z0: Float32Array,
): ReconstructionError {
  if (source.data.length !== reconstruction.data.length) {
    throw new RangeError(`source ${source.width}×${source.height} vs reconstruction ${reconstruction.width}×…`)
  }
  let sum = 0
  for (let i = 0; i < source.data.length; i++) sum += ((source.data[i] - reconstruction.data[i]) / 255) ** 2
  const mse = sum / source.data.length
  return { latentMse: meanSquaredError(latent, z0), pixelRmse: Math.sqrt(mse), psnr: 10 * Math.log10(1 / mse) }
}

/** The reconstruction error stored with frame 0's image, when the cache holds it. */
export function cachedReconstructionError(cache: JobCache, keys: RenderKeys): ReconstructionError | null {
  const entry = cache.get(`${keys.decode[0]}/error`)
  if (!entry) return null
  const [latentMse, pixelRmse, psnr] = entry.data as Float32Array
  return { latentMse, pixelRmse, psnr }
}
