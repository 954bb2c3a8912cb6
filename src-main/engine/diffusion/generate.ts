// Stage 4, generation with DCAM and MGDM (paper §3.3–3.4, DESIGN §4) for one group of frames that are
// denoised together from Z_T. The batch is [φ slot: frames…, other slot: frames…]; in each half every
// element's frame-0 and previous-frame indices point into the same half, so CFG halves, chunks and
// single-frame re-renders all use the one compiled DCA graph. Teacher-forced frames (frame 0 and the
// frame before a chunk, from the cache) are reset to their stored latent after every step, so the frames
// being generated see exactly the keys and values they would see in a full render.
import { ddimStep, ddimTimesteps } from './ddim'
import type { SamplerContext } from './inversion'
import { sizes, type DcaInputs } from './models'
import { guided, type EmbeddingSlot } from './objective'

export interface GenerationFrame {
  /** Frame number: 0 = the source frame, i ≥ 1 = target pose p_i. */
  frame: number
  /** Embedding of φ's CFG slot per timestep index (φ_{s,t} for frame 0, φ̃_{x_i,t} otherwise). */
  phis: readonly Float32Array[]
  poseImage: Float32Array
  /** Character mask (0/1) at latent resolution [h · w]: M_s for frame 0, M_{x_i} otherwise. */
  mask: Float32Array
  /** Stored per-step latents [T + 1][C·h·w] of a teacher-forced frame. */
  forced?: readonly Float32Array[]
}

export interface GenerationOptions {
  slot: EmbeddingSlot
  /** The other CFG slot's embedding. */
  other: Float32Array
  lambdas: readonly [number, number, number]
  dcam: boolean
  mgdm: boolean
}

/** Denoises the group from Z_T; returns each generated frame's latents after 0 … T steps. */
export async function generateGroup(
  ctx: SamplerContext,
  zT: Float32Array,
  frames: readonly GenerationFrame[],
  o: GenerationOptions,
): Promise<Map<number, Float32Array[]>> {
  const layout = groupLayout(frames, o)
  const n = sizes(ctx.backend.geometry)
  const count = frames.length
  const latents = frames.map((f) => [f.forced ? f.forced[0] : zT])
  for (const [i, t] of ddimTimesteps(ctx.steps, ctx.schedule.config).entries()) {
    ctx.signal?.throwIfAborted()
    const current = latents.map((l) => l[i])
    const batch = {
      batch: 2 * count,
      latents: stack([...current, ...current]),
      timestep: t,
      embeddings: stack([...frames.map((f) => f.phis[i]), ...frames.map(() => o.other)]),
      poseImages: layout.poseImages,
      controlScale: ctx.controlScale,
    }
    const eps = o.dcam ? await ctx.backend.epsDca(batch, layout.dca) : await ctx.backend.eps(batch)
    frames.forEach((f, j) => {
      if (f.forced) return latents[j].push(f.forced[i + 1])
      const epsPhi = eps.subarray(j * n.latent, (j + 1) * n.latent)
      const epsOther = eps.subarray((count + j) * n.latent, (count + j + 1) * n.latent)
      const guidedEps = guided(o.slot, epsPhi, epsOther, ctx.guidance)
      latents[j].push(ddimStep(ctx.schedule, guidedEps, t, current[j], ctx.steps).prevSample)
    })
  }
  return new Map(frames.flatMap((f, j) => (f.forced ? [] : [[f.frame, latents[j]]])))
}

/** Index vectors, masks and pose images of a group; checks that every generated frame can see its keys. */
export function groupLayout(frames: readonly GenerationFrame[], o: Pick<GenerationOptions, 'lambdas' | 'mgdm'>) {
  const position = new Map(frames.map((f, j) => [f.frame, j]))
  const first = position.get(0)
  if (first === undefined) throw new Error('a generation group must contain frame 0')
  const prev = frames.map((f, j) => {
    if (f.frame === 0) return j
    const p = position.get(f.frame - 1)
    if (p === undefined && !f.forced) throw new Error(`frame ${f.frame} is generated without frame ${f.frame - 1}`)
    return p ?? j // a forced frame's own prediction is discarded
  })
  const count = frames.length
  const both = (values: number[], shift: boolean) => [...values, ...values.map((v) => v + (shift ? count : 0))]
  const dca: DcaInputs = {
    frame0Index: both(new Array<number>(count).fill(first), true),
    prevIndex: both(prev, true),
    lambdas: o.lambdas,
    masks: stack([...frames, ...frames].map((f) => f.mask)),
    mgdm: both(
      frames.map((f) => (o.mgdm && f.frame !== 0 ? 1 : 0)),
      false,
    ),
  }
  return { dca, poseImages: stack([...frames, ...frames].map((f) => f.poseImage)) }
}

export function stack(parts: readonly Float32Array[]): Float32Array {
  const size = parts[0]?.length ?? 0
  const out = new Float32Array(size * parts.length)
  parts.forEach((p, i) => {
    if (p.length !== size) throw new RangeError(`stacking arrays of ${size} and ${p.length} values`)
    out.set(p, i * size)
  })
  return out
}
