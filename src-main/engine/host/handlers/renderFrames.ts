// What the studio's render panel reads and edits besides running jobs: each frame's state (current,
// stale after an edit, never rendered), one frame's image as a PNG, and the render settings stored in
// the project (the document's pipeline field, docs/decisions/0130 and 0280), which every render reads.
import { createHash } from 'node:crypto'
import type { FrameImage, RenderFrameList, RenderSettings } from '../../../../src-preload/api'
import { latestFrames, shownFrameStride, type FrameStatus, type RenderedFrame } from '../../diffusion/pipeline'
import { parsePipelineSettings, storedPipelineSettings, type PipelineSettings } from '../../diffusion/settings'
import { asUserError } from '../../errors'
import { encodePng } from '../../image/encode'
import { EngineUserError } from '../protocol'
import { method } from '../registry'
import { openProject, openRenderSession } from './render'
import { renderChecks } from './renderChecks'

export const renderFrameMethods = {
  /** Every frame of the animation as the project stands, with what its shown image is worth. */
  'render.frames': method<{ path: string }, RenderFrameList>(async ({ path }, { engine }) => {
    const store = openProject(path, engine)
    const shown = new Map(latestFrames(store).map((f) => [f.frame, imageIdOf(f)]))
    const unknown = () => [...shown].map(([frame, imageId]) => ({ frame, state: 'unknown' as const, imageId }))
    const checks = renderChecks(store) // every known reason at once, before the model is opened
    const frameStride = shownFrameStride(store)
    if (checks.length) return { frames: unknown(), problem: checks[0].message, checks, frameStride }
    let states: FrameStatus[]
    try {
      states = (await openRenderSession({ path }, engine)).session.frameStates()
    } catch (err) {
      const problem = asUserError(err)
      if (!problem) throw err
      const checks = [{ message: problem.message, fix: null }]
      return { frames: unknown(), problem: problem.message, checks, frameStride }
    }
    const frames = states.map(({ frame, state }) => ({ frame, state, imageId: shown.get(frame) ?? null }))
    return { frames, problem: null, checks: [], frameStride }
  }),

  /** One frame of the latest render. */
  'render.frameImage': method<{ path: string; frame: number }, FrameImage>(({ path, frame }, { engine }) => {
    const found = latestFrames(openProject(path, engine)).find((f) => f.frame === frame)
    if (!found) throw new EngineUserError(`Frame ${frame} has not been rendered yet: render it first.`)
    return frameImage(found)
  }),

  'render.settings': method<{ path: string }, RenderSettings>(({ path }, { engine }) =>
    toRenderSettings(parsePipelineSettings(openProject(path, engine).document.fields().pipeline)),
  ),

  /** Validates and stores the settings; fields the studio does not edit are kept as they were. */
  'render.saveSettings': method<{ path: string; settings: RenderSettings }, RenderSettings>(
    ({ path, settings }, { engine }) => {
      let parsed: PipelineSettings | undefined
      openProject(path, engine).document.patch(({ fields }) => {
        const pipeline = withRenderSettings(fields.pipeline ?? {}, settings)
        parsed = parsePipelineSettings(pipeline) // refuses, in words, what a render would refuse
        return { fields: { pipeline: storedPipelineSettings(pipeline) } }
      })
      return toRenderSettings(parsed!)
    },
  ),
}

/** A frame as the renderer shows it: a PNG data URL and an id that changes with its content. */
export function frameImage(f: RenderedFrame): FrameImage {
  const png = encodePng({ width: f.width, height: f.height, data: f.data })
  return {
    frame: f.frame,
    width: f.width,
    height: f.height,
    imageId: imageIdOf(f),
    dataUrl: `data:image/png;base64,${png.toString('base64')}`,
  }
}

function imageIdOf(f: RenderedFrame): string {
  return createHash('sha1').update(`${f.width}x${f.height}:`).update(f.data).digest('hex').slice(0, 16)
}

export function toRenderSettings(s: PipelineSettings): RenderSettings {
  return {
    preset: s.preset,
    loop: s.loop,
    width: s.width ?? null,
    height: s.height ?? null,
    steps: s.steps,
    guidance: s.guidance,
    frames: s.frames,
    innerIterations: s.innerIterations,
    learningRate: s.learningRate,
    lambdas: [...s.lambdas],
    chunkSize: s.chunkSize,
    poseParts: s.poseParts ?? null,
    modules: { ...s.modules },
  }
}

/** The stored pipeline input with the studio's fields replaced (null size = the model's native size). */
export function withRenderSettings(stored: Record<string, unknown>, s: RenderSettings): Record<string, unknown> {
  const { width, height, poseParts, ...rest } = s
  const next: Record<string, unknown> = { ...stored, ...rest, lambdas: [...s.lambdas], modules: { ...s.modules } }
  delete next.width
  delete next.height
  // null = by the source pose: stored as no field at all, so the default can reach the project.
  if (poseParts) next.poseParts = poseParts
  else if (poseParts === null) delete next.poseParts
  return { ...next, ...(width !== null && { width }), ...(height !== null && { height }) }
}
