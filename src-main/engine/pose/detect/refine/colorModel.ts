// Colour model of one side of the mask (character or background), as GrabCut uses (Rother et al. 2004):
// a mixture of full-covariance Gaussians over RGB in [0, 1], its components found by k-means over
// sampled pixels and each fitted to its own cluster (mean, covariance, share of the pixels).

interface Component {
  mean: [number, number, number]
  /** Inverse covariance, row-major 3×3. */
  inverse: Float64Array
  /** log(weight) − ½·log det Σ − 3/2·log 2π: the constant part of the log density. */
  logNorm: number
}

export interface ColorModelOptions {
  components?: number
  /** At most this many pixels are clustered (an even sample of the rest). */
  maxSamples?: number
  iterations?: number
}

/** Added to each covariance's diagonal: flat regions would otherwise give singular covariances. */
const COVARIANCE_FLOOR = 1e-4
/** A cluster with fewer pixels than this is dropped, its pixels being too few for a covariance. */
const MIN_CLUSTER = 5

export class ColorModel {
  /** Scratch for one pixel's per-component terms. */
  private readonly terms: Float64Array

  private constructor(private readonly components: Component[]) {
    this.terms = new Float64Array(components.length)
  }

  /**
   * Fits the model to the pixels `indices` of an RGB image (3 bytes per pixel). Null when there are too
   * few pixels for any component.
   */
  static fit(rgb: Uint8Array, indices: ArrayLike<number>, options: ColorModelOptions = {}): ColorModel | null {
    const samples = samplePixels(rgb, indices, options.maxSamples ?? 20000)
    const count = samples.length / 3
    const k = Math.min(options.components ?? 5, count)
    if (count < MIN_CLUSTER || k === 0) return null
    const assignment = kMeans(samples, k, options.iterations ?? 10)
    const components: Component[] = []
    for (let c = 0; c < k; c++) {
      const component = fitComponent(samples, assignment, c)
      if (component) components.push(component)
    }
    return components.length > 0 ? new ColorModel(components) : null
  }

  /** log p(colour) for an RGB triple in 0..255. */
  logLikelihood(r: number, g: number, b: number): number {
    const terms = this.terms
    let best = -Infinity
    for (let k = 0; k < this.components.length; k++) {
      const c = this.components[k]
      const d0 = r / 255 - c.mean[0]
      const d1 = g / 255 - c.mean[1]
      const d2 = b / 255 - c.mean[2]
      const m = c.inverse
      const mahalanobis =
        d0 * (m[0] * d0 + m[1] * d1 + m[2] * d2) +
        d1 * (m[3] * d0 + m[4] * d1 + m[5] * d2) +
        d2 * (m[6] * d0 + m[7] * d1 + m[8] * d2)
      terms[k] = c.logNorm - 0.5 * mahalanobis
      best = Math.max(best, terms[k])
    }
    // log-sum-exp, shifted by the largest term so far-away colours do not underflow to log 0.
    let sum = 0
    for (let k = 0; k < this.components.length; k++) sum += Math.exp(terms[k] - best)
    return best + Math.log(sum)
  }
}

/** Pixels as floats in [0, 1], [count, 3]; an even stride through `indices` when there are too many. */
function samplePixels(rgb: Uint8Array, indices: ArrayLike<number>, maxSamples: number): Float64Array {
  const count = Math.min(indices.length, maxSamples)
  const out = new Float64Array(count * 3)
  const stride = indices.length / Math.max(1, count)
  for (let s = 0; s < count; s++) {
    const p = indices[Math.floor(s * stride)] * 3
    out.set([rgb[p] / 255, rgb[p + 1] / 255, rgb[p + 2] / 255], s * 3)
  }
  return out
}

/** Lloyd's k-means, started from k samples spread evenly through the list (deterministic). */
function kMeans(samples: Float64Array, k: number, iterations: number): Int32Array {
  const count = samples.length / 3
  const centres = new Float64Array(k * 3)
  for (let c = 0; c < k; c++)
    centres.set(samples.subarray(Math.floor((c * count) / k) * 3, Math.floor((c * count) / k) * 3 + 3), c * 3)
  const assignment = new Int32Array(count)
  for (let it = 0; it < iterations; it++) {
    for (let s = 0; s < count; s++) assignment[s] = nearestCentre(samples, s, centres, k)
    const sums = new Float64Array(k * 4)
    for (let s = 0; s < count; s++) {
      const c = assignment[s]
      for (let ch = 0; ch < 3; ch++) sums[c * 4 + ch] += samples[s * 3 + ch]
      sums[c * 4 + 3]++
    }
    for (let c = 0; c < k; c++) {
      const n = sums[c * 4 + 3]
      if (n > 0) for (let ch = 0; ch < 3; ch++) centres[c * 3 + ch] = sums[c * 4 + ch] / n
    }
  }
  return assignment
}

function nearestCentre(samples: Float64Array, s: number, centres: Float64Array, k: number): number {
  let best = 0
  let bestDistance = Infinity
  for (let c = 0; c < k; c++) {
    let d = 0
    for (let ch = 0; ch < 3; ch++) d += (samples[s * 3 + ch] - centres[c * 3 + ch]) ** 2
    if (d < bestDistance) {
      bestDistance = d
      best = c
    }
  }
  return best
}

/** Mean, covariance (unbiased, floored) and weight of cluster `c`; null when it is too small. */
function fitComponent(samples: Float64Array, assignment: Int32Array, c: number): Component | null {
  const count = assignment.length
  const members: number[] = []
  for (let s = 0; s < count; s++) if (assignment[s] === c) members.push(s)
  if (members.length < MIN_CLUSTER) return null
  const mean: [number, number, number] = [0, 0, 0]
  for (const s of members) for (let ch = 0; ch < 3; ch++) mean[ch] += samples[s * 3 + ch] / members.length
  const cov = new Float64Array(9)
  for (const s of members) {
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) cov[i * 3 + j] += (samples[s * 3 + i] - mean[i]) * (samples[s * 3 + j] - mean[j])
    }
  }
  for (let i = 0; i < 9; i++) cov[i] = cov[i] / (members.length - 1) + (i % 4 === 0 ? COVARIANCE_FLOOR : 0)
  const { inverse, determinant } = invert3(cov)
  const logWeight = Math.log(members.length / count)
  return { mean, inverse, logNorm: logWeight - 0.5 * Math.log(determinant) - 1.5 * Math.log(2 * Math.PI) }
}

/** Inverse and determinant of a symmetric positive-definite 3×3 matrix (cofactors). */
function invert3(m: Float64Array): { inverse: Float64Array; determinant: number } {
  const [a, b, c, d, e, f, g, h, i] = m
  const A = e * i - f * h
  const B = -(d * i - f * g)
  const C = d * h - e * g
  const determinant = a * A + b * B + c * C
  const inverse = Float64Array.from([
    A, -(b * i - c * h), b * f - c * e,
    B, a * i - c * g, -(a * f - c * d),
    C, -(a * h - b * g), a * e - b * d,
  ]).map((v) => v / determinant) // prettier-ignore
  return { inverse, determinant }
}
