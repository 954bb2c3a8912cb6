// Rig tools above the 3D view: drag/rotate mode, bone-length lock, mirror, reset, camera, onion skin,
// auto-key and undo/redo. Every control names its shortcut in a tooltip.

import { Button, Group, NativeSelect, SegmentedControl, Switch, Text, Tooltip } from '@mantine/core'
import {
  FACE_EXPRESSION_NAMES,
  FACE_EXPRESSIONS,
  type FaceExpressionName,
} from '../../../../src-preload/motion/rig/face'
import { HAND_LIBRARY, HAND_POSE_NAMES, type HandPoseName } from '../../../../src-preload/motion/rig/handLibrary'
import type { AnimationEditor, ToolMode } from '../editor/editor'
import type { CameraMode } from '../rig/scene/mountRigView'
import { RIG_JOINT_NAMES } from '../../../../src-preload/motion/rig/skeleton'
import { useEditorVersion } from '../editor/useEditorVersion'

export interface RigToolbarProps {
  readonly editor: AnimationEditor
  readonly cameraMode: CameraMode
  readonly onCameraMode: (mode: CameraMode) => void
  readonly onionSkin: boolean
  readonly onOnionSkin: (on: boolean) => void
}

export function RigToolbar({ editor, cameraMode, onCameraMode, onionSkin, onOnionSkin }: RigToolbarProps) {
  useEditorVersion(editor)
  const joint = editor.selectedJoint
  return (
    <Group gap="sm" p="xs" wrap="wrap" data-testid="rig-toolbar">
      <Tooltip label="Drag joints: hands and feet by IK (G) · Rotate the selected joint (R)">
        <SegmentedControl
          size="xs"
          value={editor.toolMode}
          onChange={(v) => editor.setToolMode(v as ToolMode)}
          data={[
            { value: 'move', label: 'Drag (G)' },
            { value: 'rotate', label: 'Rotate (R)' },
          ]}
        />
      </Tooltip>
      <Switch
        size="xs"
        label="Lock bone lengths (L)"
        checked={editor.lengthsLocked}
        onChange={() => editor.toggleLengthLock()}
      />
      <Tooltip label="Swap left and right (M)">
        <Button size="xs" variant="default" onClick={() => editor.mirror()}>
          Mirror
        </Button>
      </Tooltip>
      <PartsControls editor={editor} />
      <Tooltip label="Back to the source pose (Alt+R resets the selected joint)">
        <Button size="xs" variant="default" onClick={() => editor.resetToSource()}>
          Reset pose
        </Button>
      </Tooltip>
      <SegmentedControl
        size="xs"
        value={cameraMode}
        onChange={(v) => onCameraMode(v as CameraMode)}
        data={[
          { value: 'image', label: 'Image camera' },
          { value: 'orbit', label: 'Orbit' },
        ]}
      />
      <Switch size="xs" label="Onion skin" checked={onionSkin} onChange={(e) => onOnionSkin(e.currentTarget.checked)} />
      <Switch
        size="xs"
        label="Auto-key"
        checked={editor.autoKey}
        onChange={(e) => editor.setAutoKey(e.currentTarget.checked)}
      />
      <Button.Group>
        <Button size="xs" variant="default" disabled={editor.history.numUndos === 0} onClick={() => editor.undo()}>
          Undo
        </Button>
        <Button size="xs" variant="default" disabled={editor.history.numRedos === 0} onClick={() => editor.redo()}>
          Redo
        </Button>
      </Button.Group>
      <Text size="xs" c="dimmed" data-testid="selected-joint">
        {joint === null ? 'Click a joint to select it' : RIG_JOINT_NAMES[joint]}
      </Text>
    </Group>
  )
}

const NONE = 'none'

/** The hand-pose library per side and the face's expression, applied to the current pose (undoable; key it
 *  with K like any edit). A value the pose holds that is not a library pose shows as "custom". */
function PartsControls({ editor }: { editor: AnimationEditor }) {
  const { hands, face } = editor.pose
  const handValue = (side: 'left' | 'right') => {
    const hand = hands?.[side]
    if (!hand) return NONE
    return HAND_POSE_NAMES.find((n) => sameValue(HAND_LIBRARY[n], hand)) ?? 'custom'
  }
  const faceValue = face ? (FACE_EXPRESSION_NAMES.find((n) => sameValue(FACE_EXPRESSIONS[n], face)) ?? 'custom') : NONE
  const setHand = (side: 'left' | 'right', value: string) =>
    editor.editPose((pose) => {
      const next = value === NONE ? null : HAND_LIBRARY[value as HandPoseName]
      const current = pose.hands ?? { left: null, right: null }
      return { ...pose, hands: { ...current, [side]: next } }
    }, `${side} hand`)
  const setFace = (value: string) =>
    editor.editPose(
      (pose) => ({ ...pose, face: value === NONE ? null : FACE_EXPRESSIONS[value as FaceExpressionName] }),
      'face',
    )
  const options = (names: readonly string[], value: string) => [
    NONE,
    ...names,
    ...(value === 'custom' ? ['custom'] : []),
  ]
  return (
    <Group gap={6}>
      {(['right', 'left'] as const).map((side) => (
        <NativeSelect
          key={side}
          size="xs"
          aria-label={`${side} hand pose`}
          data-testid={`hand-pose-${side}`}
          value={handValue(side)}
          data={options(HAND_POSE_NAMES, handValue(side))}
          onChange={(e) => setHand(side, e.currentTarget.value)}
          leftSection={<Text size="xs">{side === 'right' ? 'R' : 'L'}</Text>}
        />
      ))}
      <NativeSelect
        size="xs"
        aria-label="face expression"
        data-testid="face-expression"
        value={faceValue}
        data={options(FACE_EXPRESSION_NAMES, faceValue)}
        onChange={(e) => setFace(e.currentTarget.value)}
      />
    </Group>
  )
}

/** Library entries compared by value: a reopened project's keys are copies. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
