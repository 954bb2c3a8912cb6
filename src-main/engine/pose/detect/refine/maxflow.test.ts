// Boykov–Kolmogorov max-flow against a plain Edmonds–Karp on random graphs: same flow value, and the
// returned source side is a cut whose capacity equals that value (so it is a minimum cut).
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../../../test/unit/pose/randomPose'
import { FlowGraph } from './maxflow'

interface RandomGraph {
  n: number
  /** Dense capacities; node n is the source and n + 1 the sink. */
  cap: number[][]
}

function randomGraph(rand: () => number, n: number, density: number, integer: boolean): RandomGraph {
  const size = n + 2
  const cap = Array.from({ length: size }, () => new Array<number>(size).fill(0))
  const value = () => (integer ? Math.floor(rand() * 10) : rand() * 5)
  for (let i = 0; i < n; i++) {
    if (rand() < 0.5) cap[n][i] = value()
    if (rand() < 0.5) cap[i][n + 1] = value()
    for (let j = i + 1; j < n; j++) {
      if (rand() >= density) continue
      cap[i][j] = value()
      cap[j][i] = value()
    }
  }
  return { n, cap }
}

/** Reference: shortest augmenting paths on a dense residual matrix. */
function edmondsKarp({ n, cap }: RandomGraph): number {
  const size = n + 2
  const residual = cap.map((row) => [...row])
  let flow = 0
  for (;;) {
    const from = new Array<number>(size).fill(-1)
    from[n] = n
    const queue = [n]
    while (queue.length > 0 && from[n + 1] < 0) {
      const u = queue.shift()!
      for (let v = 0; v < size; v++) {
        if (from[v] < 0 && residual[u][v] > 1e-12) {
          from[v] = u
          queue.push(v)
        }
      }
    }
    if (from[n + 1] < 0) return flow
    let push = Infinity
    for (let v = n + 1; v !== n; v = from[v]) push = Math.min(push, residual[from[v]][v])
    for (let v = n + 1; v !== n; v = from[v]) {
      residual[from[v]][v] -= push
      residual[v][from[v]] += push
    }
    flow += push
  }
}

function solve({ n, cap }: RandomGraph): { flow: number; cut: number } {
  const graph = new FlowGraph(n, (n * (n - 1)) / 2)
  for (let i = 0; i < n; i++) {
    graph.addTerminal(i, cap[n][i], cap[i][n + 1])
    for (let j = i + 1; j < n; j++) if (cap[i][j] > 0 || cap[j][i] > 0) graph.addEdge(i, j, cap[i][j], cap[j][i])
  }
  const flow = graph.maxflow()
  const sourceSide = (v: number) => (v === n ? true : v === n + 1 ? false : graph.isSourceSide(v))
  let cut = 0
  for (let u = 0; u < n + 2; u++) {
    for (let v = 0; v < n + 2; v++) if (sourceSide(u) && !sourceSide(v)) cut += cap[u][v]
  }
  return { flow, cut }
}

describe('FlowGraph (Boykov–Kolmogorov)', () => {
  it.each([
    ['integer capacities, sparse', true, 0.2],
    ['integer capacities, dense', true, 0.7],
    ['real capacities, sparse', false, 0.25],
    ['real capacities, dense', false, 0.8],
  ])('matches Edmonds–Karp and returns a minimum cut (%s)', (_, integer, density) => {
    const rand = seededRandom(integer ? 7 : 11)
    for (let trial = 0; trial < 60; trial++) {
      const graph = randomGraph(rand, 3 + Math.floor(rand() * 22), density, integer)
      const expected = edmondsKarp(graph)
      const { flow, cut } = solve(graph)
      expect(flow).toBeCloseTo(expected, 9)
      expect(cut).toBeCloseTo(expected, 9)
    }
  })

  it('separates a grid along its cheapest seam', () => {
    // 6×4 grid, left column tied to the source, right column to the sink; the links between columns
    // 3 and 4 are the weakest, so the cut must fall exactly there.
    const [w, h] = [6, 4]
    const graph = new FlowGraph(w * h, 2 * w * h)
    for (let y = 0; y < h; y++) {
      graph.addTerminal(y * w, 100, 0)
      graph.addTerminal(y * w + w - 1, 0, 100)
      for (let x = 0; x + 1 < w; x++) {
        const c = x === 3 ? 1 : 5
        graph.addEdge(y * w + x, y * w + x + 1, c, c)
      }
      if (y + 1 < h) for (let x = 0; x < w; x++) graph.addEdge(y * w + x, (y + 1) * w + x, 5, 5)
    }
    expect(graph.maxflow()).toBeCloseTo(h * 1, 12)
    for (let i = 0; i < w * h; i++) expect(graph.isSourceSide(i)).toBe(i % w <= 3)
  })

  it('refuses more edges than reserved', () => {
    const graph = new FlowGraph(3, 1)
    graph.addEdge(0, 1, 1, 1)
    expect(() => graph.addEdge(1, 2, 1, 1)).toThrow(/more edges than reserved/)
  })
})
