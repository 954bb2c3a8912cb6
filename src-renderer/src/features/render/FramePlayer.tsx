// The player (issue 13): the rendered animation plays in the app at the project's fps (a draft, which
// renders every other pose, at fps / its frame stride, so its timing matches the final's), looped or
// once, scrubbable, at fit or full size. Frames are labelled with their state, so stale frames show as such.
import { Button, Group, Image, Paper, SegmentedControl, Slider, Stack, Switch, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { StripFrame } from './renderState'

export interface FramePlayerProps {
  frames: StripFrame[]
  /** Frames per second the shown frames stand for (project fps / the render's frame stride). */
  fps: number
  /** Poses per shown frame: 2 for a draft. */
  frameStride: number
}

export function FramePlayer({ frames, fps, frameStride }: FramePlayerProps) {
  const playable = frames.filter((f) => f.image)
  const [position, setPosition] = useState(0)
  const [playing, setPlaying] = useState(false)
  const [loop, setLoop] = useState(true)
  const [size, setSize] = useState<'fit' | 'full'>('fit')
  const count = playable.length
  const index = count === 0 ? 0 : Math.min(position, count - 1)

  useEffect(() => {
    if (!playing || count === 0) return
    const timer = setInterval(() => {
      setPosition((p) => {
        if (p + 1 < count) return p + 1
        if (loop) return 0
        setPlaying(false)
        return p
      })
    }, 1000 / fps)
    return () => clearInterval(timer)
  }, [playing, count, fps, loop])

  if (count === 0) return null
  const shown = playable[index]
  return (
    <Paper withBorder p="sm" data-testid="player" data-playing={playing} data-frame={shown.frame}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Button size="xs" onClick={() => setPlaying((p) => !p)} data-testid="player-play">
              {playing ? 'Pause' : 'Play'}
            </Button>
            <Switch size="xs" label="Loop" checked={loop} onChange={(e) => setLoop(e.currentTarget.checked)} />
            <SegmentedControl
              size="xs"
              value={size}
              onChange={(v) => setSize(v as 'fit' | 'full')}
              data={[
                { value: 'fit', label: 'Fit' },
                { value: 'full', label: 'Full size' },
              ]}
            />
          </Group>
          <Text size="xs" c="dimmed" data-testid="player-label" aria-live="off">
            Frame {shown.frame} of {frames.length - 1} · {shown.frame === 0 ? 'source' : shown.state} · {fps} fps
            {frameStride > 1 && ` · draft: every ${frameStride === 2 ? 'other' : `${frameStride}th`} pose`}
          </Text>
        </Group>
        <Image
          src={shown.image!.dataUrl}
          alt={`Rendered frame ${shown.frame}`}
          w={size === 'full' ? shown.image!.width : '100%'}
          maw={size === 'full' ? undefined : 512}
          fit="contain"
          style={{ imageRendering: 'pixelated' }}
          data-testid="player-image"
        />
        <Slider
          min={0}
          max={Math.max(0, count - 1)}
          value={index}
          onChange={(v) => {
            setPlaying(false)
            setPosition(v)
          }}
          label={(v) => `Frame ${playable[v]?.frame ?? v}`}
          aria-label="Scrub the rendered animation"
          data-testid="player-scrub"
        />
      </Stack>
    </Paper>
  )
}
