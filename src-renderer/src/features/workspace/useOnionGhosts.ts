// Onion-skin ghosts for the current frame: neighbouring keys' poses as world joint positions.

import { useMemo } from 'react'
import type { AnimationEditor } from '../editor/editor'
import { jointPositions, restPose } from '../../../../src-preload/motion/rig/pose'
import type { GhostPose } from '../rig/scene/RigView'
import { samplePose } from '../../../../src-preload/motion/timeline/interpolate'
import { DEFAULT_ONION, onionSkinFrames } from '../timeline/onion'

export function useOnionGhosts(editor: AnimationEditor, enabled: boolean): readonly GhostPose[] {
  const { keyframes, frame, frameCount, rig } = editor
  return useMemo(() => {
    if (!enabled) return []
    return onionSkinFrames(keyframes, frame, frameCount, DEFAULT_ONION).map((g) => ({
      positions: jointPositions(rig, samplePose(keyframes, g.frame) ?? restPose(rig)),
      opacity: g.opacity,
      later: g.offset > 0,
    }))
  }, [enabled, keyframes, frame, frameCount, rig])
}
