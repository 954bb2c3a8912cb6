// What a render needs, resolved to the model's canvas: the source image centre-cropped to the render
// aspect and resized, every pose and the mask moved into the cropped frame, the source pose detected and
// the mask segmented when the project has none (both cached by image hash), then PATA (DESIGN §4).
import { UserError } from '../errors'
import type { Pose18 } from '../../../src-preload/api'
import { createGrayImage, cropRgb, type GrayImage, type Region, type RgbImage } from '../image/rgbImage'
import { resizeGray, resizeRgb } from '../image/resize'
import { POSE_PARTS, withParts, type FullPose, type PoseParts } from '../pose/fullPose'
import { poseInRegion } from '../pose/openpose'
import { loopBack, runPata, type PataOptions } from '../pose/pata/pata'
import { runFullPata } from '../pose/pata/pataFull'
import { drawnParts, effectiveDrawParts } from './conditionPoses'
import type { ProjectStore } from '../store'
import type { PipelineSettings } from './settings'
import { contentKey, f32 } from './tensors'

/** A render's inputs as the project holds them (any image size; poses normalised to that image). */
export interface RenderSetup {
  sourceImage: RgbImage
  prompt: string
  /** Prompt words naming the character (its attention gives the frame masks); default: the whole prompt. */
  characterWords?: string[]
  /** The character's pose p_s; detected when absent. */
  sourcePose?: Pose18
  /** Soft character mask at image size; segmented when absent. */
  sourceMask?: GrayImage
  /** The source pose's hands and face (only with sourcePose: a detected pose is the body alone). */
  sourceParts?: PoseParts
  /** The target motion p_1 … p_M (timeline frames), before PATA. */
  motion: Pose18[]
  /** Each motion frame's hands and face (rig fingers and face), aligned with `motion`; absent = none. */
  motionParts?: (PoseParts | undefined)[]
}

/** Everything on the render canvas, poses p_0 = p_s … p_N. */
export interface ResolvedInputs {
  image: RgbImage
  mask: GrayImage
  prompt: string
  characterWords: string[]
  poses: Pose18[]
  /** Per pose, the hands and face its condition image shows (the poseParts setting applied); absent when
   *  no frame shows anything beyond its body, so a body-only render keeps its keys (decision 0340). */
  poseParts?: PoseParts[]
}

/** Pose detection and segmentation, injected so the pipeline does not load tfjs unless it must. */
export interface Perception {
  detectPose(image: RgbImage): Promise<Pose18>
  /** The character mask; `pose` (the source pose, already known) seeds its refinement. */
  segment(image: RgbImage, pose: Pose18): Promise<GrayImage>
}

export async function resolveInputs(
  setup: RenderSetup,
  settings: PipelineSettings,
  size: { width: number; height: number },
  o: { store: ProjectStore; perception: () => Promise<Perception> },
): Promise<ResolvedInputs> {
  if (!setup.prompt.trim())
    throw new InputError('The project has no prompt: describe the picture, e.g. "a man in a park".')
  if (setup.motion.length === 0) throw new InputError('The project has no target motion: add keyframes first.')
  const crop = centreCrop(setup.sourceImage, size.width / size.height)
  const image = resizeRgb(cropRgb(setup.sourceImage, crop), size.width, size.height)
  const move = (p: Pose18) => poseInRegion(p, setup.sourceImage, crop)
  const sourcePose = setup.sourcePose ? move(setup.sourcePose) : await cachedPose(image, o)
  const mask = setup.sourceMask
    ? resizeGray(cropGray(setup.sourceMask, crop, setup.sourceImage), size.width, size.height)
    : await cachedMask(image, sourcePose, o)
  const pataOptions: PataOptions = {
    ...size,
    enabled: settings.modules.pata,
    retargetBones: settings.pata.retargetBones,
    maxJointStep: settings.pata.maxJointStep,
    transitionFrames: settings.pata.transitionFrames ?? undefined,
  }
  const keep = (list: readonly unknown[]) => (settings.frames > 0 ? list.slice(0, settings.frames + 1) : list)
  const source = withParts(sourcePose, setup.sourcePose && setup.sourceParts && moveParts(setup.sourceParts, move))
  const motion = setup.motion.map((body, i) => {
    const parts = setup.motionParts?.[i]
    return withParts(move(body), parts && moveParts(parts, move))
  })
  const base = { image, mask, prompt: setup.prompt, characterWords: setup.characterWords ?? [] }
  const loop = { ...size, maxJointStep: settings.pata.maxJointStep }
  // Loop mode: a transition from the last pose back to the source pose, so the video cycles; a draft
  // takes every `frameStride`-th pose (frame 0, the source, always stays).
  const taken = <P>(forward: P[], back: (forward: P[]) => P[]) =>
    [...forward, ...(settings.loop ? back(forward) : [])].filter((_, i) => i % settings.frameStride === 0)
  if (![source, ...motion].some((p) => POSE_PARTS.some((part) => p[part] !== null))) {
    // Body only: exactly the path (and so the poses and keys) of a project from before hands existed.
    const bodies = keep(
      runPata(
        sourcePose,
        motion.map((m) => m.body),
        pataOptions,
      ).poses,
    ) as Pose18[]
    return { ...base, poses: taken(bodies, (forward) => loopBack(forward, loop)) }
  }
  const forward = keep(runFullPata(source, motion, pataOptions).poses) as FullPose[]
  const full = taken(forward, (poses) => loopBackFull(poses, pataOptions))
  const poseParts = drawnParts(full, effectiveDrawParts(settings.poseParts, [source, ...motion]))
  return { ...base, poses: full.map((p) => p.body), ...(poseParts && { poseParts }) }
}

/** The loop's way back with hands and face: PATA's transition from the last pose to the first, ends dropped. */
function loopBackFull(poses: readonly FullPose[], options: PataOptions): FullPose[] {
  if (poses.length < 2) return []
  const { transitionFrames: _, ...auto } = options
  return runFullPata(poses[poses.length - 1], [poses[0]], { ...auto, retargetBones: false }).poses.slice(1, -1)
}

/** Hands and face moved like the body (into the render's crop). */
function moveParts(parts: PoseParts, move: (points: Pose18) => Pose18): PoseParts {
  const each = (points: Pose18 | null) => points && move(points)
  return { leftHand: each(parts.leftHand), rightHand: each(parts.rightHand), face: each(parts.face) }
}

export class InputError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'InputError'
  }
}

/** The largest centred region with the render's aspect ratio. */
function centreCrop(image: RgbImage, aspect: number): Region {
  const width = Math.min(image.width, Math.round(image.height * aspect))
  const height = Math.min(image.height, Math.round(image.width / aspect))
  return { left: Math.floor((image.width - width) / 2), top: Math.floor((image.height - height) / 2), width, height }
}

function cropGray(mask: GrayImage, c: Region, image: RgbImage): GrayImage {
  const full =
    mask.width === image.width && mask.height === image.height ? mask : resizeGray(mask, image.width, image.height)
  const out = createGrayImage(c.width, c.height)
  for (let y = 0; y < c.height; y++) {
    const from = (c.top + y) * full.width + c.left
    out.data.set(full.data.subarray(from, from + c.width), y * c.width)
  }
  return out
}

async function cachedPose(image: RgbImage, o: { store: ProjectStore; perception: () => Promise<Perception> }) {
  const key = contentKey('detect-pose', image.width, image.height, image.data)
  const hit = o.store.cache.get(key)
  if (hit) return poseFromTensor(hit.data as Float32Array)
  const pose = await (await o.perception()).detectPose(image)
  o.store.cache.put(key, f32(poseToTensor(pose), [18, 3]))
  return pose
}

async function cachedMask(
  image: RgbImage,
  pose: Pose18,
  o: { store: ProjectStore; perception: () => Promise<Perception> },
) {
  // The pose seeds the mask's refinement, so a corrected pose gives a new mask.
  const key = contentKey('segment', image.width, image.height, image.data, poseToTensor(pose))
  const hit = o.store.cache.get(key)
  if (hit) return { width: image.width, height: image.height, data: hit.data as Float32Array }
  const mask = await (await o.perception()).segment(image, pose)
  o.store.cache.put(key, f32(mask.data, [image.height, image.width]))
  return mask
}

/** [x, y, confidence] per keypoint; NaN for a missing one. */
function poseToTensor(pose: Pose18): Float32Array {
  return Float32Array.from(pose.flatMap((k) => (k ? [k.x, k.y, k.confidence] : [NaN, NaN, NaN])))
}

function poseFromTensor(data: Float32Array): Pose18 {
  return Array.from({ length: data.length / 3 }, (_, i) =>
    Number.isNaN(data[3 * i]) ? null : { x: data[3 * i], y: data[3 * i + 1], confidence: data[3 * i + 2] },
  )
}
