// Builds resources/demo (run once; the output is committed):
//   node --import tsx scripts/demo/buildDemoProject.ts
// Source: the public-domain NASA astronaut portrait from test/fixtures/pose/photos (see SOURCES.md there),
// scaled to 256 px, with its hand-labelled pose (labels.json; the neck is the shoulders' midpoint as in
// the COCO mapping). Target motion: a forearm wave made from that pose (wave.ts).
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import jpeg from 'jpeg-js'
import { readImageFile } from '../../src-main/engine/image/decode'
import { encodeMaskPng } from '../../src-main/engine/image/encode'
import { rasterizePolygons, type Polygon } from '../../src-main/engine/image/polygonMask'
import { resizeGray, resizeRgb } from '../../src-main/engine/image/resize'
import { KP, type Pose18 } from '../../src-main/engine/pose/openpose'
import { PROJECT_JSON_FORMAT } from '../../src-main/engine/project/projectJson'
import { forearmAngle, forearmWave } from './wave'

const repo = resolve(import.meta.dirname, '../..')
const photos = join(repo, 'test/fixtures/pose/photos')
const out = join(repo, 'resources/demo')
const SIZE = 256
const IMAGE = 'astronaut-256.jpg'
const MASK = 'astronaut-256-mask.png'

const image = (await readImageFile(join(photos, 'astronaut.jpg'))).image
const small = resizeRgb(image, SIZE, SIZE)
const rgba = Buffer.alloc(SIZE * SIZE * 4, 255)
for (let i = 0; i < SIZE * SIZE; i++) for (let c = 0; c < 3; c++) rgba[i * 4 + c] = small.data[i * 3 + c]
writeFileSync(join(out, IMAGE), jpeg.encode({ data: rgba, width: SIZE, height: SIZE }, 90).data)

const labels = JSON.parse(readFileSync(join(repo, 'test/fixtures/pose/labels/labels.json'), 'utf8')) as {
  images: Record<
    string,
    { width: number; height: number; keypoints: ([number, number] | null)[]; mask_polygons: Polygon[] }
  >
}
const label = labels.images['astronaut.jpg']
// The hand-drawn character mask (person, suit and the helmet she holds), so the demo needs no segmenter.
const mask = resizeGray(rasterizePolygons(label.mask_polygons, label.width, label.height), SIZE, SIZE)
writeFileSync(join(out, MASK), encodeMaskPng(mask))
const source: Pose18 = label.keypoints.map((k) =>
  k ? { x: round(k[0] / label.width), y: round(k[1] / label.height), confidence: 1 } : null,
)
const [rs, ls] = [source[KP.RShoulder]!, source[KP.LShoulder]!]
source[KP.Neck] = { x: round((rs.x + ls.x) / 2), y: round((rs.y + ls.y) / 2), confidence: 1 }

// At rest first, then the forearm rises and waves between −40° and −75° in front of the chest.
const canvas = { width: label.width, height: label.height }
const rest = forearmAngle(source, canvas)
const angles = [rest, -5, -40, -75, -45, -80, -35, -70]
const motion = forearmWave(source, angles, canvas)

const project = {
  format: PROJECT_JSON_FORMAT,
  version: 1,
  name: 'Demo: astronaut wave',
  image: IMAGE,
  mask: MASK,
  prompt: 'a photo of a smiling astronaut in an orange spacesuit waving, american flag in the background',
  characterWords: ['astronaut'],
  fps: 8,
  sourcePose: source,
  keyframes: motion.map((pose, frame) => ({ frame, pose })),
  model: 'demo',
  render: { width: 128, height: 128, steps: 8, frames: 7, innerIterations: 2, chunkSize: 8 },
}
writeFileSync(join(out, 'project.json'), `${JSON.stringify(project, null, 2)}\n`)
console.log(`wrote ${IMAGE}, ${MASK} and project.json (${motion.length} keyframes, rest angle ${rest.toFixed(1)}°)`)

function round(v: number): number {
  return Math.round(v * 1e4) / 1e4
}
