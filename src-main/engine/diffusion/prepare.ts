// Stage 0, prepare (DESIGN §4): z_0 = VAE mean × scaling factor, the prompt's and the empty prompt's
// embeddings, the source pose drawn as ControlNet sees it, and M_s at latent resolution.
import type { RgbImage } from '../image/rgbImage'
import { renderFullPoseImage } from '../pose/draw'
import { bodyOnly, type FullPose } from '../pose/fullPose'
import type { Pose18 } from '../pose/openpose'
import { drawnPose } from './conditionPoses'
import type { ResolvedInputs } from './inputs'
import { maskToLatent } from './masks'
import type { DiffusionBackend } from './models'

export interface Prepared {
  latent: Float32Array
  text: Float32Array
  empty: Float32Array
  poseImage: Float32Array
  mask: Float32Array
}

export async function prepareSource(backend: DiffusionBackend, inputs: ResolvedInputs): Promise<Prepared> {
  const { width, height, latent } = backend.geometry
  const [text, empty] = await backend.encodePrompts([inputs.prompt, ''])
  return {
    latent: await backend.encodeImage(inputs.image),
    text,
    empty,
    poseImage: poseImage(drawnPose(inputs, 0), width, height),
    mask: maskToLatent(inputs.mask, { height: latent[1], width: latent[2] }),
  }
}

/** The OpenPose drawing of one pose as the ControlNet input: [3, H, W] RGB in [0, 1]. A body-only pose
 *  draws byte-identically to renderPoseImage (draw.ts), so body-only renders are unchanged. */
export function poseImage(pose: FullPose | Pose18, width: number, height: number): Float32Array {
  return toPlanes(renderFullPoseImage([Array.isArray(pose) ? bodyOnly(pose) : pose], width, height))
}

function toPlanes(image: RgbImage): Float32Array {
  const plane = image.width * image.height
  const out = new Float32Array(3 * plane)
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 3; c++) out[c * plane + p] = image.data[3 * p + c] / 255
  }
  return out
}
