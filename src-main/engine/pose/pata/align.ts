// PATA alignment (DESIGN §4): one similarity transform (uniform scale + translation, no rotation) that
// maps the target motion onto the source pose, estimated from the first target pose and applied to every
// frame so the motion's own travel is kept; plus optional per-bone length retargeting.
import { KEYPOINT_COUNT } from '../openpose'
import { boneLength, distance, PARENT, ROOT, sharedHipCentre, TREE_ORDER, type PixelPose, type Vec } from './skeleton'

/** p′ = scale · p + offset, in pixels. */
export interface Similarity {
  scale: number
  offset: Vec
}

const EPS = 1e-6

export function estimateAlignment(source: PixelPose, target: PixelPose): Similarity {
  const scale = estimateScale(source.points, target.points)
  const anchorSource = anchorOf(source.points, target.points)
  const anchorTarget = anchorOf(target.points, source.points)
  return { scale, offset: { x: anchorSource.x - scale * anchorTarget.x, y: anchorSource.y - scale * anchorTarget.y } }
}

/**
 * Torso length (neck → centre of the hips both poses have) when both poses have one: it foreshortens
 * least as limbs move. Otherwise the ratio of summed lengths of the bones both poses have; otherwise 1.
 */
function estimateScale(source: (Vec | null)[], target: (Vec | null)[]): number {
  const torso = (points: (Vec | null)[], other: (Vec | null)[]) => {
    const hips = sharedHipCentre(points, other)
    return points[ROOT] && other[ROOT] && hips ? distance(points[ROOT], hips) : 0
  }
  const [torsoSource, torsoTarget] = [torso(source, target), torso(target, source)]
  if (torsoSource > EPS && torsoTarget > EPS) return torsoSource / torsoTarget
  let [sumSource, sumTarget] = [0, 0]
  for (let j = 0; j < KEYPOINT_COUNT; j++) {
    const [ls, lt] = [boneLength(source, j), boneLength(target, j)]
    if (ls !== null && lt !== null) [sumSource, sumTarget] = [sumSource + ls, sumTarget + lt]
  }
  return sumSource > EPS && sumTarget > EPS ? sumSource / sumTarget : 1
}

/** The neck if both poses have it, else the shared hip centre, else the mean of shared (or all) joints. */
function anchorOf(points: (Vec | null)[], other: (Vec | null)[]): Vec {
  if (points[ROOT] && other[ROOT]) return points[ROOT]
  const hips = sharedHipCentre(points, other)
  if (hips) return hips
  const shared = points.filter((p, i): p is Vec => p !== null && other[i] !== null)
  const used = shared.length > 0 ? shared : points.filter((p): p is Vec => p !== null)
  if (used.length === 0) return { x: 0, y: 0 }
  return { x: used.reduce((s, p) => s + p.x, 0) / used.length, y: used.reduce((s, p) => s + p.y, 0) / used.length }
}

export function applySimilarity(pose: PixelPose, t: Similarity): PixelPose {
  return {
    points: pose.points.map((p) =>
      p === null ? null : { x: t.scale * p.x + t.offset.x, y: t.scale * p.y + t.offset.y },
    ),
    confidence: [...pose.confidence],
  }
}

/**
 * Gives each bone the character's length while keeping its direction: walks the tree from the neck and
 * re-attaches every child to its already-moved parent. Bones the character lacks keep their length; a
 * joint whose parent is missing stays where it is and anchors its own subtree.
 */
export function retargetBones(pose: PixelPose, character: PixelPose): PixelPose {
  const out: (Vec | null)[] = pose.points.map((p) => (p === null ? null : { ...p }))
  for (const j of TREE_ORDER) {
    const parent = PARENT[j]
    const [p, q, moved] = [pose.points[j], parent >= 0 ? pose.points[parent] : null, parent >= 0 ? out[parent] : null]
    if (p === null || q === null || moved === null) continue
    const length = distance(p, q)
    const wanted = boneLength(character.points, j) ?? length
    const k = length > EPS ? wanted / length : 1
    out[j] = { x: moved.x + (p.x - q.x) * k, y: moved.y + (p.y - q.y) * k }
  }
  return { points: out, confidence: [...pose.confidence] }
}
