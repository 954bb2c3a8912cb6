// The rig/timeline workspace as the project view mounts it: started from the saved keys once they are read,
// over the source image, saving every change of the keys; the timeline length is set here.

import { Alert, Group, Loader, NumberInput, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { Pose18 } from '../../../../src-preload/api'
import { RigTimelineWorkspace } from '..'
import type { ProjectAnimation } from './useProjectAnimation'

export interface AnimatePanelProps {
  readonly animation: ProjectAnimation
  readonly pose: Pose18 | null
  readonly aspect: number
  readonly fps: number
  readonly imageUrl: string | null
}

export function AnimatePanel({ animation, pose, aspect, fps, imageUrl }: AnimatePanelProps) {
  if (animation.loadError) {
    return (
      <Alert color="red" title="The animation could not be read">
        {animation.loadError}
      </Alert>
    )
  }
  if (!animation.ready) return <Loader size="sm" />
  return (
    <Stack gap="xs" h="calc(100vh - 200px)" mih={360} data-testid="animate-panel">
      <Group gap="md" align="flex-end">
        <LengthInput value={animation.frameCount} onCommit={animation.setFrameCount} />
        {animation.saveError && (
          <Text size="xs" c="red" data-testid="animation-save-error">
            Not saved: {animation.saveError}
          </Text>
        )}
        {animation.dropped > 0 && (
          <Text size="xs" c="yellow">
            {animation.dropped} saved keys did not fit the timeline and were left out.
          </Text>
        )}
      </Group>
      <div style={{ flex: 1, minHeight: 0 }}>
        <RigTimelineWorkspace
          sourcePose={pose}
          imageAspect={aspect}
          fps={fps}
          frameCount={animation.frameCount}
          initialKeyframes={animation.currentKeys()}
          imageUrl={imageUrl ?? undefined}
          onChange={animation.onKeysChange}
        />
      </div>
    </Stack>
  )
}

/** The timeline length, applied on Enter or when the field loses focus (typing "12" must not pass through "1"). */
function LengthInput({ value, onCommit }: { value: number; onCommit: (frames: number) => void }) {
  const [text, setText] = useState<string | number>(value)
  useEffect(() => setText(value), [value])
  const commit = () => {
    const frames = Math.round(Number(text))
    if (Number.isFinite(frames) && frames >= 1 && frames <= 10_000 && frames !== value) onCommit(frames)
    else setText(value)
  }
  return (
    <NumberInput
      size="xs"
      w={130}
      label="Length (frames)"
      min={1}
      max={10_000}
      value={text}
      onChange={setText}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      data-testid="timeline-length"
    />
  )
}
