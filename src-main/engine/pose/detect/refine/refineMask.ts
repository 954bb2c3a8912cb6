// Sharpens a network's soft character mask against the photo (decision 0066): near the mask's edge, each
// pixel's label is re-decided by a graph cut that weighs the network's probability, how well its colour
// fits colour models of the character and of the nearby background, and the image's edges. Capsules on
// the detected skeleton are fixed to the character, so thin limbs survive. The result is feathered by one
// pixel, so it stays a soft mask.
import { resizeGray, resizeRgb } from '../../../image/resize'
import { createGrayImage, type GrayImage, type RgbImage } from '../../../image/rgbImage'
import type { Pose18 } from '../../openpose'
import { cutBand } from './bandCut'
import { ColorModel } from './colorModel'
import { distanceToSet } from './distance'
import { skeletonSeeds } from './skeletonSeeds'

/** Tuning, measured on the labelled photos (decision 0066); all lengths as shares of the longer side. */
export const REFINE_DEFAULTS = {
  /** Half-width of the band around the mask's 0.5 contour whose labels may change. */
  band: 0.06,
  /** Background colours are learnt from pixels at most this far from the mask. */
  backgroundReach: 0.1,
  /** Probabilities at or past these are "certainly" character / background for the colour models. */
  sureCharacter: 0.9,
  sureBackground: 0.1,
  /** The network's probability is clamped to [p, 1 − p]: it may be overruled, never by a hair. */
  probabilityFloor: 0.05,
  /** Weight of the colour log-likelihood ratio against the network's log-odds. */
  colourWeight: 0.5,
  /** λ of the smoothness term (colours in [0, 1]). */
  smoothness: 10,
  /** Seeds are only placed where the network gives at least this probability. */
  seedMinProbability: 0.1,
  /** Mixture components of each colour model. */
  colourComponents: 5,
  /** Larger images are refined at this longer side and the result scaled back (bounds time and memory). */
  maxSide: 1024,
}

export type RefineOptions = Partial<typeof REFINE_DEFAULTS>

/** Cost that stands for "never" on seed pixels (unary costs are a few units). */
const FORBIDDEN = 1e3

/** The refined soft mask, at the image's size; `pose` (normalised, may be null) adds skeleton seeds. */
export function refineMask(
  image: RgbImage,
  prior: GrayImage,
  pose: Pose18 | null,
  options: RefineOptions = {},
): GrayImage {
  const o = { ...REFINE_DEFAULTS, ...options }
  const scale = Math.min(1, o.maxSide / Math.max(image.width, image.height))
  if (scale === 1) return refineAtSize(image, prior, pose, o)
  const [w, h] = [Math.max(1, Math.round(image.width * scale)), Math.max(1, Math.round(image.height * scale))]
  const refined = refineAtSize(resizeRgb(image, w, h), resizeGray(prior, w, h), pose, o)
  return resizeGray(refined, image.width, image.height)
}

function refineAtSize(image: RgbImage, prior: GrayImage, pose: Pose18 | null, o: typeof REFINE_DEFAULTS): GrayImage {
  const { width, height } = image
  const longSide = Math.max(width, height)
  const core = Uint8Array.from(prior.data, (p) => (p >= 0.5 ? 1 : 0))
  const seeds = pose ? skeletonSeeds(pose, width, height) : new Uint8Array(core.length)
  for (let i = 0; i < seeds.length; i++) if (prior.data[i] < o.seedMinProbability) seeds[i] = 0
  const toCore = distanceToSet(
    core.map((c, i) => c | seeds[i]),
    width,
    height,
  )
  const toOutside = distanceToSet(
    core.map((c) => 1 - c),
    width,
    height,
    true,
  )
  const colours = fitColourModels(image, prior, seeds, toCore, o.backgroundReach * longSide, o)
  if (!colours) return prior // nothing to learn a side from (an empty or a full mask)
  const halfWidth = Math.max(2, Math.floor(o.band * longSide))
  const band = core.map((c, i) => ((c ? toOutside[i] : toCore[i]) <= halfWidth || seeds[i] ? 1 : 0))
  const labels = cutBand({ image, band, fixed: core, ...unaryCosts(image, prior, band, seeds, colours, o) })
  return feather(labels, width, height)
}

/**
 * Per band pixel, −log of (network probability × colour likelihood^w) for each label, shifted so the
 * cheaper label costs 0. Seeds cannot be background.
 */
function unaryCosts(
  image: RgbImage,
  prior: GrayImage,
  band: Uint8Array,
  seeds: Uint8Array,
  colours: ColourModels,
  o: typeof REFINE_DEFAULTS,
): { costCharacter: Float32Array; costBackground: Float32Array; smoothness: number } {
  const costCharacter = new Float32Array(band.length)
  const costBackground = new Float32Array(band.length)
  for (let i = 0; i < band.length; i++) {
    if (!band[i]) continue
    const p = Math.min(1 - o.probabilityFloor, Math.max(o.probabilityFloor, prior.data[i]))
    const [r, g, b] = [image.data[i * 3], image.data[i * 3 + 1], image.data[i * 3 + 2]]
    const character = -(Math.log(p) + o.colourWeight * colours.character.logLikelihood(r, g, b))
    const background = -(Math.log(1 - p) + o.colourWeight * colours.background.logLikelihood(r, g, b))
    const base = Math.min(character, background)
    costCharacter[i] = seeds[i] ? 0 : character - base
    costBackground[i] = background - base + (seeds[i] ? FORBIDDEN : 0)
  }
  return { costCharacter, costBackground, smoothness: o.smoothness }
}

interface ColourModels {
  character: ColorModel
  background: ColorModel
}

/** Character colours from sure pixels and seeds; background colours from sure pixels near the mask. */
function fitColourModels(
  image: RgbImage,
  prior: GrayImage,
  seeds: Uint8Array,
  toCore: Float32Array,
  backgroundReach: number,
  o: typeof REFINE_DEFAULTS,
): ColourModels | null {
  const character: number[] = []
  const background: number[] = []
  for (let i = 0; i < prior.data.length; i++) {
    const p = prior.data[i]
    if (p >= o.sureCharacter || seeds[i]) character.push(i)
    else if (p <= o.sureBackground && toCore[i] <= backgroundReach) background.push(i)
  }
  const fit = (indices: number[]) => ColorModel.fit(image.data, indices, { components: o.colourComponents })
  const [c, b] = [fit(character), fit(background)]
  return c && b ? { character: c, background: b } : null
}

/** Binary labels → soft mask, blurred once with the 3×3 binomial kernel [1 2 1]ᵀ[1 2 1] / 16. */
function feather(labels: Uint8Array, width: number, height: number): GrayImage {
  const rows = new Float32Array(labels.length)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      rows[i] = (labels[x > 0 ? i - 1 : i] + 2 * labels[i] + labels[x + 1 < width ? i + 1 : i]) / 4
    }
  }
  const mask = createGrayImage(width, height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x
      mask.data[i] = (rows[y > 0 ? i - width : i] + 2 * rows[i] + rows[y + 1 < height ? i + width : i]) / 4
    }
  }
  return mask
}
