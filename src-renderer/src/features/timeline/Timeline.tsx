// The timeline: transport and key buttons, a frame ruler with key diamonds and the playhead. Press on the
// track to scrub; press a diamond to select it (Shift adds), drag it to move the selected keys.

import { Button, Group, Kbd, Select, Stack, Text, Tooltip } from '@mantine/core'
import type { AnimationEditor } from '../editor/editor'
import { useEditorVersion } from '../editor/useEditorVersion'
import { EASING_LABELS, EASINGS, type Easing } from '../../../../src-preload/motion/timeline/easing'
import { keyframeAt } from '../../../../src-preload/motion/timeline/keyframes'
import { TimelineTrack } from './TimelineTrack'

export interface TimelineProps {
  readonly editor: AnimationEditor
  readonly playing: boolean
  readonly onTogglePlay: () => void
}

export function Timeline({ editor, playing, onTogglePlay }: TimelineProps) {
  useEditorVersion(editor)
  const selected = editor.selectedKeys
  const selectedEasing = selected.length > 0 ? keyframeAt(editor.keyframes, selected[0])?.easing : undefined
  return (
    <Stack gap={6} p="xs" data-testid="timeline">
      <Group gap="xs" wrap="nowrap">
        <Tooltip label="Play / pause (Space)">
          <Button size="xs" variant="filled" onClick={onTogglePlay} w={72} aria-label={playing ? 'Pause' : 'Play'}>
            {playing ? 'Pause' : 'Play'}
          </Button>
        </Tooltip>
        <Text size="sm" ff="monospace" data-testid="frame-counter">
          {editor.frame} / {editor.frameCount - 1}
        </Text>
        <Text size="xs" c="dimmed">
          {editor.fps} fps
        </Text>
        <Tooltip label="Key the current pose (K)">
          <Button size="xs" variant="light" onClick={() => editor.keyPose()}>
            {editor.isKeyed ? 'Update key' : 'Add key'}
          </Button>
        </Tooltip>
        <Button size="xs" variant="subtle" disabled={selected.length === 0} onClick={() => editor.deleteSelectedKeys()}>
          Delete
        </Button>
        <Button size="xs" variant="subtle" disabled={selected.length === 0} onClick={() => editor.copySelectedKeys()}>
          Copy
        </Button>
        <Button size="xs" variant="subtle" disabled={!editor.clipboard} onClick={() => editor.pasteKeys()}>
          Paste
        </Button>
        <Select
          size="xs"
          w={150}
          aria-label="Easing of the selected keys"
          placeholder="Easing"
          disabled={selected.length === 0}
          data={EASINGS.map((e) => ({ value: e, label: EASING_LABELS[e] }))}
          value={selectedEasing ?? null}
          onChange={(value) => value && editor.setSelectedEasing(value as Easing)}
          allowDeselect={false}
        />
        {editor.hasDraft && (
          <Text size="xs" c="yellow" data-testid="draft-note">
            Unkeyed changes on this frame: press <Kbd size="xs">K</Kbd> to keep them
          </Text>
        )}
      </Group>
      <TimelineTrack editor={editor} />
      {editor.keyframes.length === 0 && (
        <Text size="xs" c="dimmed" data-testid="timeline-empty">
          No keys yet. Pose the rig, then press <Kbd size="xs">K</Kbd> to key frame {editor.frame}; keys on other frames
          are blended by rotation.
        </Text>
      )}
    </Stack>
  )
}
