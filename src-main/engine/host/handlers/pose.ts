// source.detectPose, source.segmentMask and pata.*: adapters from engine calls to the studio's pose tools
// (engine/studio/poseTools.ts).
import type { PataOptions, PataPreview, SourceState } from '../../../../src-preload/api'
import { detectSourcePose, pataPreview, savePataOptions, segmentSourceMask } from '../../studio/poseTools'
import { method } from '../registry'
import { userFacing } from './source'

export const poseMethods = {
  'source.detectPose': method<{ path: string }, SourceState>(({ path }, { engine }) =>
    detectSourcePose(engine.projects.get(path)),
  ),

  'source.segmentMask': method<{ path: string }, SourceState>(({ path }, { engine }) =>
    segmentSourceMask(engine.projects.get(path)),
  ),

  'pata.preview': method<{ path: string; options?: PataOptions }, PataPreview>(({ path, options }, { engine }) =>
    userFacing(() => pataPreview(engine.projects.get(path), options)),
  ),

  'pata.saveOptions': method<{ path: string; options: PataOptions }, PataOptions>(({ path, options }, { engine }) =>
    savePataOptions(engine.projects.get(path), options),
  ),
}
