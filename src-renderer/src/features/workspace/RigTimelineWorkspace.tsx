// The rig editor and timeline as one workspace the app shell mounts. It owns the editor (rig, keys, undo
// history) for its lifetime, follows changes of the source pose and timing, and reports every change of
// the keys with the per-frame OpenPose-18 sequence they produce.

import { Center, Stack, Text, Title } from '@mantine/core'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { Pose18 } from '../../../../src-preload/api'
import { AnimationEditor } from '../editor/editor'
import { viewportFor } from '../../../../src-preload/motion/rig/camera'
import { sourcePoseProblem } from '../../../../src-preload/motion/rig/rig'
import type { CameraMode } from '../rig/scene/mountRigView'
import { RigView } from '../rig/scene/RigView'
import { RigTools } from '../rig/tools/rigTools'
import { imageViewport } from '../rig/tools/viewport'
import type { Keyframes } from '../../../../src-preload/motion/timeline/keyframes'
import { sampleSequence } from '../../../../src-preload/motion/timeline/sequence'
import { Timeline } from '../timeline/Timeline'
import { useEditorVersion } from '../editor/useEditorVersion'
import { usePlayback, useWorkspaceShortcuts } from './hooks'
import { useOnionGhosts } from './useOnionGhosts'
import { RigToolbar } from './RigToolbar'

export interface KeyframesChange {
  readonly keyframes: Keyframes
  /** One OpenPose-18 pose per frame (missing source joints stay null); computed on first read. */
  readonly sequence: Pose18[]
}

/** The change report; the sequence (≈14 ms for 240 frames) is only sampled if someone reads it. */
function keyframesChange(editor: AnimationEditor, keyframes: Keyframes): KeyframesChange {
  const { rig, frameCount } = editor
  let sequence: Pose18[] | null = null
  return {
    keyframes,
    get sequence() {
      sequence ??= sampleSequence(rig, keyframes, frameCount)
      return sequence
    },
  }
}

export interface RigTimelineWorkspaceProps {
  /** The character's pose (detected or drawn); null or all-missing shows what to do first. */
  readonly sourcePose: Pose18 | null
  /** Source image width / height. */
  readonly imageAspect: number
  readonly fps: number
  readonly frameCount: number
  /** Keys to start from (a reopened project). Read on mount only. */
  readonly initialKeyframes?: Keyframes
  /** The source image shown under the rig. */
  readonly imageUrl?: string
  readonly onChange?: (change: KeyframesChange) => void
}

export function RigTimelineWorkspace(props: RigTimelineWorkspaceProps) {
  const { sourcePose, imageAspect } = props
  if (!sourcePose || sourcePose.every((kp) => kp === null)) return <NoSourcePose />
  const problem = sourcePoseProblem(sourcePose, imageAspect)
  if (problem) return <Notice title="This pose cannot be rigged" text={`${problem}. Detect or load the pose again.`} />
  return <Workspace {...props} sourcePose={sourcePose} />
}

function NoSourcePose() {
  return (
    <Notice
      title="No character pose yet"
      text="Import a character image and detect its pose (or draw the keypoints). The 3D rig is built from that pose, with the character's own bone lengths; then pose it here and key frames on the timeline."
    />
  )
}

function Notice({ title, text }: { title: string; text: string }) {
  return (
    <Center h="100%" p="xl" data-testid="workspace-empty">
      <Stack align="center" gap="xs" maw={420}>
        <Title order={4}>{title}</Title>
        <Text c="dimmed" size="sm" ta="center">
          {text}
        </Text>
      </Stack>
    </Center>
  )
}

function Workspace(props: RigTimelineWorkspaceProps & { sourcePose: Pose18 }) {
  const { sourcePose, imageAspect, fps, frameCount, onChange } = props
  const [editor] = useState(
    () =>
      new AnimationEditor({
        source: sourcePose,
        aspect: imageAspect,
        fps,
        frameCount,
        keyframes: props.initialKeyframes,
      }),
  )
  // The view replaces this placeholder viewport with its camera as soon as it mounts.
  const tools = useMemo(() => new RigTools(editor, imageViewport(viewportFor(imageAspect, 800))), [editor, imageAspect])
  const [cameraMode, setCameraMode] = useState<CameraMode>('image')
  const [onionSkin, setOnionSkin] = useState(true)
  useEditorVersion(editor)
  const playback = usePlayback(editor)
  useWorkspaceShortcuts({ editor, togglePlay: playback.toggle, cancelGesture: () => tools.cancel() })
  const ghosts = useOnionGhosts(editor, onionSkin)
  // Grabbing the rig pauses playback, so the edit lands on the frame the animator sees.
  const { stop } = playback
  useEffect(() => tools.onStateChange((path) => path !== 'select.idle' && stop()), [tools, stop])

  const mounted = useRef(false)
  useEffect(() => {
    if (mounted.current) editor.setSource(sourcePose, imageAspect)
    mounted.current = true
  }, [editor, sourcePose, imageAspect])
  useEffect(() => {
    if (editor.fps !== fps || editor.frameCount !== frameCount) editor.setTiming(fps, frameCount)
  }, [editor, fps, frameCount])

  const onChangeRef = useRef(onChange)
  onChangeRef.current = onChange
  useEffect(() => {
    let last = editor.keyframes
    return editor.subscribe(() => {
      if (editor.keyframes === last) return
      last = editor.keyframes
      onChangeRef.current?.(keyframesChange(editor, last))
    })
  }, [editor])

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }} data-testid="rig-timeline-workspace">
      <RigToolbar
        editor={editor}
        cameraMode={cameraMode}
        onCameraMode={setCameraMode}
        onionSkin={onionSkin}
        onOnionSkin={setOnionSkin}
      />
      <div style={{ flex: 1, minHeight: 0 }}>
        <RigView editor={editor} tools={tools} cameraMode={cameraMode} ghosts={ghosts} imageUrl={props.imageUrl} />
      </div>
      <Timeline editor={editor} playing={playback.playing} onTogglePlay={playback.toggle} />
    </Stack>
  )
}
