// The PATA preview: the aligned motion and its transition frames, drawn as OpenPose images over the source
// image, playable, with the alignment options beside it. It shows exactly what the render will animate.

import { Alert, Badge, Button, Center, Grid, Group, Loader, Slider, Stack, Text, Title } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { PataOptions, PataPreview as Preview } from '../../../../src-preload/api'
import { messageOf, studio } from '../../bridge/studio'
import { PlaybackClock } from '../timeline/playback'
import { containBox } from '../source/fitBox'
import { drawOpenPose, drawPoseParts } from './drawPose'
import { describeFrame } from './framing'
import { PataOptionsForm } from './PataOptionsForm'

export interface PataPreviewProps {
  readonly projectId: string
  readonly imageUrl: string | null
  readonly imageAspect: number
  readonly fps: number
  /** Resolves once the timeline's latest keys are saved (the preview reads the project's motion). */
  readonly beforePreview: () => Promise<void>
}

export function PataPreview({ projectId, imageUrl, imageAspect, fps, beforePreview }: PataPreviewProps) {
  const [preview, setPreview] = useState<Preview | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [frame, setFrame] = useState(0)

  const load = useCallback(
    async (options?: PataOptions) => {
      try {
        await beforePreview()
        const next = await studio().pata.preview({ projectId, options })
        setPreview(next)
        setProblem(null)
        setFrame((f) => Math.min(f, next.poses.length - 1))
      } catch (err) {
        setProblem(messageOf(err))
      }
    },
    [projectId, beforePreview],
  )
  useEffect(() => void load(), [load])

  const changeOptions = async (options: PataOptions) => {
    setPreview((p) => p && { ...p, options })
    try {
      await studio().pata.saveOptions({ projectId, options })
      await load(options)
    } catch (err) {
      setProblem(messageOf(err))
    }
  }

  if (problem && !preview) return <EmptyPreview text={problem} />
  if (!preview) return <Loader size="sm" />
  return (
    <Grid gap="md" data-testid="pata-preview">
      <Grid.Col span={{ base: 12, md: 8 }}>
        <Player
          preview={preview}
          frame={frame}
          onFrame={setFrame}
          imageUrl={imageUrl}
          imageAspect={imageAspect}
          fps={fps}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="sm">
          <Title order={5}>Alignment and transition</Title>
          {problem && (
            <Alert color="yellow" data-testid="pata-problem">
              {problem}
            </Alert>
          )}
          {!preview.enabled && (
            <Alert color="gray" data-testid="pata-disabled">
              PATA is switched off in the render settings: the render uses the motion as drawn, with no alignment or
              transition.
            </Alert>
          )}
          <Group gap="xs">
            <Badge variant="light" data-testid="pata-transition-count">
              {preview.transitionFrames} transition frames
            </Badge>
            <Badge variant="light">scale {preview.alignment.scale.toFixed(2)}</Badge>
            {!preview.stepBoundMet && <Badge color="yellow">steps exceed the limit</Badge>}
          </Group>
          <PataOptionsForm
            options={preview.options}
            transitionFrames={preview.transitionFrames}
            onChange={(o) => void changeOptions(o)}
          />
        </Stack>
      </Grid.Col>
    </Grid>
  )
}

function EmptyPreview({ text }: { text: string }) {
  return (
    <Center p="xl" data-testid="pata-empty">
      <Stack align="center" gap="xs" maw={460}>
        <Title order={4}>Nothing to preview yet</Title>
        <Text c="dimmed" size="sm" ta="center">
          {text}
        </Text>
      </Stack>
    </Center>
  )
}

interface PlayerProps {
  readonly preview: Preview
  readonly frame: number
  readonly onFrame: (frame: number) => void
  readonly imageUrl: string | null
  readonly imageAspect: number
  readonly fps: number
}

function Player({ preview, frame, onFrame, imageUrl, imageAspect, fps }: PlayerProps) {
  const count = preview.poses.length
  const [playing, setPlaying] = useState(false)
  const onFrameRef = useRef(onFrame)
  onFrameRef.current = onFrame
  const clock = useMemo(
    () =>
      new PlaybackClock(
        { fps, frameCount: count, loop: true },
        (f) => onFrameRef.current(f),
        () => setPlaying(false),
      ),
    [fps, count],
  )
  useEffect(() => () => clock.pause(), [clock])
  const toggle = () => {
    if (clock.playing) return clock.pause()
    clock.play(frame)
    setPlaying(true)
  }
  const described = describeFrame(frame, preview.transitionFrames, count)
  return (
    <Stack gap="xs">
      <PoseCanvas preview={preview} frame={frame} imageUrl={imageUrl} imageAspect={imageAspect} />
      <Group gap="sm" wrap="nowrap">
        <Button size="xs" w={72} onClick={toggle} data-testid="pata-play">
          {playing ? 'Pause' : 'Play'}
        </Button>
        <Slider
          style={{ flex: 1 }}
          min={0}
          max={count - 1}
          value={frame}
          onChange={(f) => {
            clock.pause()
            onFrame(f)
          }}
          label={null}
          aria-label="Preview frame"
          data-testid="pata-frame-slider"
        />
        <Text size="sm" ff="monospace" w={70} ta="right" data-testid="pata-frame">
          {frame} / {count - 1}
        </Text>
      </Group>
      <Text size="sm" c={described.part === 'transition' ? 'violet.3' : undefined} data-testid="pata-frame-label">
        {described.label}
      </Text>
    </Stack>
  )
}

function PoseCanvas({ preview, frame, imageUrl, imageAspect }: Omit<PlayerProps, 'onFrame' | 'fps'>) {
  const { ref, width, height } = useElementSize()
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const image = useLoadedImage(imageUrl)
  const box = containBox(width, height, imageAspect)
  useLayoutEffect(() => {
    const canvas = canvasRef.current
    const context = canvas?.getContext('2d')
    if (!canvas || !context || box.width < 1) return
    const ratio = window.devicePixelRatio || 1
    canvas.width = Math.round(box.width * ratio)
    canvas.height = Math.round(box.height * ratio)
    context.fillStyle = '#000'
    context.fillRect(0, 0, canvas.width, canvas.height)
    if (image) {
      context.globalAlpha = 0.45 // the drawing stays readable over the picture
      context.drawImage(image, 0, 0, canvas.width, canvas.height)
      context.globalAlpha = 1
    }
    drawOpenPose(context, preview.poses[frame], canvas.width, canvas.height)
    const parts = preview.parts?.[frame]
    if (parts) drawPoseParts(context, parts, canvas.width, canvas.height)
  }, [preview, frame, image, box.width, box.height])
  return (
    <div ref={ref} style={{ position: 'relative', height: 'min(60vh, 640px)', minHeight: 240 }}>
      <canvas
        ref={canvasRef}
        style={{ position: 'absolute', left: box.left, top: box.top, width: box.width, height: box.height }}
        data-testid="pata-canvas"
      />
    </div>
  )
}

function useLoadedImage(url: string | null): HTMLImageElement | null {
  const [image, setImage] = useState<HTMLImageElement | null>(null)
  useEffect(() => {
    if (!url) return void setImage(null)
    const img = new Image()
    img.onload = () => setImage(img)
    img.src = url
    return () => void (img.onload = null)
  }, [url])
  return image
}
