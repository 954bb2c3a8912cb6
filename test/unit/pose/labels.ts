// The hand labels of test/fixtures/pose/labels/labels.json and the metrics the detection tests use.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { rasterizePolygons, type Polygon } from '../../../src-main/engine/image/polygonMask'
import type { GrayImage } from '../../../src-main/engine/image/rgbImage'
import type { Pose18 } from '../../../src-main/engine/pose/openpose'
import { POSE_FIXTURES } from './fixturePaths'

export interface LabelledImage {
  file: string
  path: string
  width: number
  height: number
  /** OpenPose-18 in pixels, neck derived from the shoulders; null = not labelled. */
  keypoints: ([number, number] | null)[]
  polygons: Polygon[]
}

export function loadLabels(): LabelledImage[] {
  const raw = JSON.parse(readFileSync(resolve(POSE_FIXTURES, 'labels/labels.json'), 'utf8'))
  return Object.entries(
    raw.images as Record<
      string,
      { width: number; height: number; keypoints: ([number, number] | null)[]; mask_polygons: Polygon[] }
    >,
  ).map(([file, entry]) => {
    const keypoints = [...entry.keypoints]
    const [r, l] = [keypoints[2], keypoints[5]]
    if (r && l) keypoints[1] = [(r[0] + l[0]) / 2, (r[1] + l[1]) / 2]
    return {
      file,
      path: resolve(POSE_FIXTURES, 'photos', file),
      width: entry.width,
      height: entry.height,
      keypoints,
      polygons: entry.mask_polygons,
    }
  })
}

export function labelMask(label: LabelledImage): GrayImage {
  return rasterizePolygons(label.polygons, label.width, label.height)
}

/** Height of the labelled mask's bounding box: the visible person. */
export function personHeight(label: LabelledImage): number {
  const ys = label.polygons.flat().map(([, y]) => y)
  return Math.max(...ys) - Math.min(...ys)
}

/** Per-keypoint pixel errors for keypoints both labelled and detected, and the labelled ones missed. */
export function keypointErrors(label: LabelledImage, pose: Pose18): { errors: number[]; missed: number[] } {
  const errors: number[] = []
  const missed: number[] = []
  label.keypoints.forEach((k, j) => {
    if (!k) return
    const d = pose[j]
    if (!d) return void missed.push(j)
    errors.push(Math.hypot(d.x * label.width - k[0], d.y * label.height - k[1]))
  })
  return { errors, missed }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
