// source.* and animation.*: adapters from engine calls to the studio's source service
// (engine/studio/source.ts). Detection and segmentation are in pose.ts.
import { basename } from 'node:path'
import type { MaskValues, Pose18, RigAnimation, SourceImageData, SourceState } from '../../../../src-preload/api'
import { UserError } from '../../errors'
import * as source from '../../studio/source'
import { EngineUserError } from '../protocol'
import { method } from '../registry'

/** Runs `fn`, turning the engine's user-facing errors (pose, image, weights) into ones the caller shows. */
export async function userFacing<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof UserError && !/[.!?]$/.test(err.message)) throw new EngineUserError(`${err.message}.`)
    throw err
  }
}

export const sourceMethods = {
  'source.get': method<{ path: string }, SourceState>(({ path }, { engine }) =>
    source.sourceState(engine.projects.get(path)),
  ),

  /** Imports an image file the user picked in a dialog. */
  'source.importFile': method<{ path: string; file: string }, SourceState>(async ({ path, file }, { engine }) => {
    const bytes = await source.readImageFile(file)
    return userFacing(() => source.importImage(engine.projects.get(path), basename(file), bytes))
  }),

  /** Imports image bytes the page sent (drag and drop). */
  'source.importImageBytes': method<{ path: string; name: string; dataBase64: string }, SourceState>(
    ({ path, name, dataBase64 }, { engine }) =>
      userFacing(() => source.importImageBytes(engine.projects.get(path), name, dataBase64)),
  ),

  'source.image': method<{ path: string }, SourceImageData | null>(({ path }, { engine }) =>
    source.sourceImageData(engine.projects.get(path)),
  ),

  'source.savePose': method<{ path: string; pose: Pose18 }, SourceState>(({ path, pose }, { engine }) =>
    source.saveSourcePose(engine.projects.get(path), pose, 'edited'),
  ),

  'source.mask': method<{ path: string }, MaskValues | null>(({ path }, { engine }) =>
    source.maskValues(engine.projects.get(path)),
  ),

  'source.saveMask': method<{ path: string } & MaskValues, SourceState>(({ path, ...mask }, { engine }) =>
    source.saveMaskValues(engine.projects.get(path), mask),
  ),

  'source.saveText': method<{ path: string; prompt: string; characterWords: string[] }, SourceState>(
    ({ path, prompt, characterWords }, { engine }) =>
      source.saveSourceText(engine.projects.get(path), prompt, characterWords),
  ),

  'animation.get': method<{ path: string }, RigAnimation | null>(({ path }, { engine }) =>
    source.rigAnimation(engine.projects.get(path)),
  ),

  /** The rig keys become the project's motion (docs/decisions/0260): an imported motion they replace goes. */
  'animation.save': method<{ path: string } & RigAnimation, void>(({ path, ...animation }, { engine }) =>
    source.saveRigAnimation(engine.projects.get(path), animation),
  ),
}
