// Binary labelling of a band of pixels by graph cut (Boykov & Jolly 2001; GrabCut's energy):
//   E(L) = Σ_i cost_i(L_i) + λ Σ_{i~j, L_i≠L_j} exp(−β‖I_i − I_j‖²) / dist(i, j)
// over 8-connected neighbours, β = 1 / (2·mean ‖I_i − I_j‖²). Cuts prefer strong colour edges. Pixels
// outside the band keep their fixed label; their links to band pixels become part of the unary costs.
import type { RgbImage } from '../../../image/rgbImage'
import { FlowGraph } from './maxflow'

export interface BandCutProblem {
  image: RgbImage
  /** 1 where the label is free to change. */
  band: Uint8Array
  /** Label of every pixel outside the band (1 = character); also the fallback inside it. */
  fixed: Uint8Array
  /** Cost of labelling each band pixel as the character, and as background (both ≥ 0). */
  costCharacter: Float32Array
  costBackground: Float32Array
  /** λ, the weight of the smoothness term against the unary costs. */
  smoothness: number
}

/** Forward neighbour offsets (dx, dy) of the 8-neighbourhood, each pair visited once. */
const NEIGHBOURS = [
  [1, 0],
  [0, 1],
  [1, 1],
  [-1, 1],
] as const

/** The minimum-energy labelling: 1 = character, for every pixel. */
export function cutBand(problem: BandCutProblem): Uint8Array {
  const { image, band, fixed, smoothness } = problem
  const { width, height } = image
  const node = new Int32Array(width * height).fill(-1)
  let count = 0
  for (let i = 0; i < band.length; i++) if (band[i]) node[i] = count++
  const labels = Uint8Array.from(fixed)
  if (count === 0) return labels
  const toCharacter = new Float64Array(count) // extra cost of the character label, from fixed neighbours
  const toBackground = new Float64Array(count)
  const graph = new FlowGraph(count, NEIGHBOURS.length * count)
  const beta = contrastBeta(image)
  forEachNeighbourPair(width, bandBox(band, width, height), (i, j, distance) => {
    const [ni, nj] = [node[i], node[j]]
    if (ni < 0 && nj < 0) return
    const weight = (smoothness / distance) * Math.exp(-beta * colourDistanceSquared(image.data, i, j))
    if (ni >= 0 && nj >= 0) graph.addEdge(ni, nj, weight, weight)
    else if (ni >= 0) (fixed[j] ? toBackground : toCharacter)[ni] += weight
    else (fixed[i] ? toBackground : toCharacter)[nj] += weight
  })
  for (let i = 0; i < band.length; i++) {
    const n = node[i]
    if (n < 0) continue
    // Source side = character: cutting source → n (cost of background) labels n background.
    graph.addTerminal(n, problem.costBackground[i] + toBackground[n], problem.costCharacter[i] + toCharacter[n])
  }
  graph.maxflow()
  for (let i = 0; i < band.length; i++) if (node[i] >= 0) labels[i] = graph.isSourceSide(node[i]) ? 1 : 0
  return labels
}

/** β = 1 / (2·mean squared colour difference) over all neighbour pairs, colours in [0, 1]. */
function contrastBeta(image: RgbImage): number {
  let sum = 0
  let pairs = 0
  forEachNeighbourPair(image.width, { x0: 0, y0: 0, x1: image.width, y1: image.height }, (i, j) => {
    sum += colourDistanceSquared(image.data, i, j)
    pairs++
  })
  return sum > 0 ? pairs / (2 * sum) : 0
}

/** Pixel rectangle [x0, x1) × [y0, y1). */
interface Box {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** The band's bounding box grown by one pixel (its pairs with fixed neighbours lie in it too). */
function bandBox(band: Uint8Array, width: number, height: number): Box {
  const box = { x0: width, y0: height, x1: 0, y1: 0 }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!band[y * width + x]) continue
      box.x0 = Math.min(box.x0, x)
      box.x1 = Math.max(box.x1, x + 1)
      box.y0 = Math.min(box.y0, y)
      box.y1 = Math.max(box.y1, y + 1)
    }
  }
  return {
    x0: Math.max(0, box.x0 - 1),
    y0: Math.max(0, box.y0 - 1),
    x1: Math.min(width, box.x1 + 1),
    y1: Math.min(height, box.y1 + 1),
  }
}

function colourDistanceSquared(rgb: Uint8Array, i: number, j: number): number {
  const d0 = (rgb[i * 3] - rgb[j * 3]) / 255
  const d1 = (rgb[i * 3 + 1] - rgb[j * 3 + 1]) / 255
  const d2 = (rgb[i * 3 + 2] - rgb[j * 3 + 2]) / 255
  return d0 * d0 + d1 * d1 + d2 * d2
}

/** Visits each 8-neighbour pair of pixels inside `box` once. */
function forEachNeighbourPair(width: number, box: Box, visit: (i: number, j: number, d: number) => void): void {
  for (const [dx, dy] of NEIGHBOURS) {
    const distance = Math.hypot(dx, dy)
    for (let y = box.y0; y + dy < box.y1; y++) {
      for (let x = Math.max(box.x0, box.x0 - dx); x < box.x1 && x + dx < box.x1; x++) {
        visit(y * width + x, (y + dy) * width + x + dx, distance)
      }
    }
  }
}
