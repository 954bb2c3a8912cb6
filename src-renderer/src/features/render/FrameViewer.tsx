// The selected frame, large: its state, "re-render this frame", and before/after when it was
// re-rendered in this session (the image it showed before beside the new one).
import { Alert, Button, Group, Image, Paper, SegmentedControl, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { FrameImage, FrameState } from '../../../../src-preload/api'
import type { StripFrame } from './renderState'

const STATE_TEXT: Record<FrameState, string> = {
  current: 'Up to date.',
  stale: 'Stale: the poses or settings changed since this frame was rendered.',
  missing: 'Not rendered yet.',
  unknown: 'Cannot be checked right now.',
}

export interface FrameViewerProps {
  frame: StripFrame
  previous: FrameImage | null
  busy: boolean
  onRerender: (frame: number) => void
}

export function FrameViewer({ frame, previous, busy, onRerender }: FrameViewerProps) {
  const [view, setView] = useState<'after' | 'compare'>('after')
  const comparing = view === 'compare' && previous !== null && frame.image !== null
  return (
    <Paper withBorder p="sm" data-testid="frame-viewer" data-frame={frame.frame}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600} size="sm">
            Frame {frame.frame}
            {frame.frame === 0 && ' (the source, reconstructed)'}
          </Text>
          <Group gap="xs">
            {previous && frame.image && (
              <SegmentedControl
                size="xs"
                value={view}
                onChange={(v) => setView(v as 'after' | 'compare')}
                data={[
                  { value: 'after', label: 'Current' },
                  { value: 'compare', label: 'Before / after' },
                ]}
                data-testid="compare-toggle"
              />
            )}
            <Button
              size="xs"
              variant="light"
              disabled={busy}
              onClick={() => onRerender(frame.frame)}
              data-testid="rerender-frame"
            >
              Re-render this frame
            </Button>
          </Group>
        </Group>
        <Text size="xs" c={frame.state === 'stale' ? 'yellow.4' : 'dimmed'} data-testid="frame-state-text">
          {STATE_TEXT[frame.state]}
        </Text>
        {comparing ? (
          <Group grow align="start" data-testid="before-after">
            <Shot image={previous} caption="Before" />
            <Shot image={frame.image!} caption="After" />
          </Group>
        ) : frame.image ? (
          <Shot image={frame.image} caption={`${frame.image.width}×${frame.image.height}`} />
        ) : (
          <Alert color="gray">This frame has no image yet: render the animation or re-render this frame.</Alert>
        )}
      </Stack>
    </Paper>
  )
}

function Shot({ image, caption }: { image: FrameImage; caption: string }) {
  return (
    <Stack gap={2} align="center">
      <Image
        src={image.dataUrl}
        alt={`${caption}: frame ${image.frame}`}
        maw={320}
        fit="contain"
        style={{ imageRendering: image.width < 256 ? 'pixelated' : 'auto' }}
      />
      <Text size="xs" c="dimmed">
        {caption}
      </Text>
    </Stack>
  )
}
