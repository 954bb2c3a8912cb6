// Rig tools above the 3D view: drag/rotate mode, bone-length lock, mirror, reset, camera, onion skin,
// auto-key and undo/redo. Every control names its shortcut in a tooltip.

import { Button, Group, SegmentedControl, Switch, Text, Tooltip } from '@mantine/core'
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
