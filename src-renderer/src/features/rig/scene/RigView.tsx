// The 3D rig view: OpenPose-coloured bones and joints over the source image, the image camera (which shows
// exactly what becomes the control pose) or a free orbit camera, a rotate gizmo on the selected joint, and
// IK drags on hands and feet. three.js objects live in useMemo and are attached/disposed in layout effects.

import { partWorldPoints } from '../../../../../src-preload/motion/rig/rigParts'
import { Center, Text } from '@mantine/core'
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import * as THREE from 'three'
import type { AnimationEditor } from '../../editor/editor'
import { useEditorVersion } from '../../editor/useEditorVersion'
import type { Vec3 } from '../../../../../src-preload/motion/rig/math/vec3'
import type { RigTools } from '../tools/rigTools'
import { createViewParts, mountRigView, type CameraMode, type LiveRigView } from './mountRigView'
import { RigSceneObjects } from './rigScene'

export interface GhostPose {
  readonly positions: readonly Vec3[]
  readonly opacity: number
  /** After the current frame (drawn cool) or before it (drawn warm). */
  readonly later: boolean
}

export interface RigViewProps {
  readonly editor: AnimationEditor
  readonly tools: RigTools
  readonly cameraMode: CameraMode
  readonly ghosts: readonly GhostPose[]
  /** The source image, drawn under the rig (a URL the renderer may load: data:, blob: or same-origin). */
  readonly imageUrl?: string
}

export function RigView({ editor, tools, cameraMode, ghosts, imageUrl }: RigViewProps) {
  const version = useEditorVersion(editor)
  const hostRef = useRef<HTMLDivElement>(null)
  const liveRef = useRef<LiveRigView | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const cameraModeRef = useRef(cameraMode)
  cameraModeRef.current = cameraMode
  const parts = useMemo(() => createViewParts(), [])
  const objects = useMemo(() => new RigSceneObjects(), [])

  useLayoutEffect(() => {
    parts.scene.add(objects.group, parts.gizmoTarget)
    return () => {
      parts.scene.remove(objects.group, parts.gizmoTarget)
      objects.dispose()
    }
  }, [parts, objects])

  useLayoutEffect(() => {
    try {
      liveRef.current = mountRigView(hostRef.current!, parts, objects, editor, tools)
      liveRef.current.setCameraMode(cameraModeRef.current)
      setFailure(null)
    } catch (err) {
      setFailure(`The 3D rig view needs WebGL, which this window cannot create (${(err as Error).message}).`)
      return
    }
    return () => {
      liveRef.current?.dispose()
      liveRef.current = null
    }
  }, [parts, objects, editor, tools])

  useEffect(() => liveRef.current?.setCameraMode(cameraMode), [cameraMode])

  useEffect(() => {
    objects.setImageFrame(editor.rig.aspect)
    objects.update(editor.world.positions, editor.selectedJoint)
    const parts = partWorldPoints(editor.rig, editor.world, editor.pose)
    objects.setParts(parts.hands, parts.face)
    liveRef.current?.syncGizmo()
    liveRef.current?.requestRender()
  }, [objects, editor, version])

  useEffect(() => {
    objects.setGhosts(ghosts)
    liveRef.current?.requestRender()
  }, [objects, ghosts])

  useEffect(() => {
    if (!imageUrl) return
    let texture: THREE.Texture | null = null
    new THREE.TextureLoader().load(imageUrl, (loaded) => {
      texture = loaded
      loaded.colorSpace = THREE.SRGBColorSpace
      objects.setImage(loaded, editor.rig.aspect)
      liveRef.current?.requestRender()
    })
    return () => {
      objects.setImage(null, 1)
      texture?.dispose()
    }
  }, [objects, editor, imageUrl])

  return (
    <div
      ref={hostRef}
      data-testid="rig-view"
      style={{ position: 'relative', width: '100%', height: '100%', minHeight: 160, touchAction: 'none' }}
    >
      {failure && (
        <Center h="100%" p="md">
          <Text c="dimmed" size="sm" ta="center" data-testid="rig-view-failure">
            {failure} The timeline and keyboard shortcuts still work.
          </Text>
        </Center>
      )}
    </div>
  )
}
