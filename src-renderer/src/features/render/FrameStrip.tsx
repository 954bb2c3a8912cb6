// The rendered frames in a row: each thumbnail shows its image (or a placeholder) and whether it is
// current, stale after an edit, or not rendered yet. Clicking one selects it. Keys are left to the
// workspace (arrows still step the timeline), so the strip adds no shortcuts of its own.
import { Badge, Box, Group, ScrollArea, Text, UnstyledButton } from '@mantine/core'
import type { FrameState } from '../../../../src-preload/api'
import type { StripFrame } from './renderState'

const THUMB = 88

const STATE_BADGE: Record<FrameState, { label: string; color: string } | null> = {
  current: null,
  stale: { label: 'stale', color: 'yellow' },
  missing: { label: 'not rendered', color: 'gray' },
  unknown: { label: '?', color: 'gray' },
}

export function FrameStrip(props: { frames: StripFrame[]; selected: number | null; onSelect: (f: number) => void }) {
  const { frames, selected, onSelect } = props
  if (frames.length === 0) return null
  return (
    <ScrollArea type="auto" offsetScrollbars data-testid="frame-strip">
      <Group gap={8} wrap="nowrap" py={4}>
        {frames.map((f) => (
          <Thumb key={f.frame} frame={f} selected={selected === f.frame} onSelect={onSelect} />
        ))}
      </Group>
    </ScrollArea>
  )
}

function Thumb({
  frame: f,
  selected,
  onSelect,
}: {
  frame: StripFrame
  selected: boolean
  onSelect: (f: number) => void
}) {
  const badge = STATE_BADGE[f.state]
  const border = selected ? 'var(--mantine-color-blue-5)' : f.justRendered ? 'var(--mantine-color-teal-7)' : 'var(--mantine-color-dark-4)' // prettier-ignore
  return (
    <UnstyledButton
      onClick={() => onSelect(f.frame)}
      data-testid="strip-frame"
      data-frame={f.frame}
      data-state={f.state}
      aria-pressed={selected}
      aria-label={`Frame ${f.frame}${badge ? `, ${badge.label}` : ''}`}
    >
      <Box
        pos="relative"
        w={THUMB}
        h={THUMB}
        style={{ border: `2px solid ${border}`, borderRadius: 6, overflow: 'hidden' }}
      >
        {f.image ? (
          <img
            src={f.image.dataUrl}
            alt={`Frame ${f.frame}`}
            width={THUMB - 4}
            height={THUMB - 4}
            style={{ objectFit: 'contain', display: 'block', opacity: f.state === 'stale' ? 0.55 : 1 }}
          />
        ) : (
          <Box w="100%" h="100%" bg="dark.6" />
        )}
        {badge && (
          <Badge size="xs" color={badge.color} pos="absolute" bottom={3} left={3}>
            {badge.label}
          </Badge>
        )}
      </Box>
      <Text size="xs" ta="center" c={selected ? 'blue.4' : 'dimmed'}>
        {f.frame === 0 ? '0 · source' : f.frame}
      </Text>
    </UnstyledButton>
  )
}
