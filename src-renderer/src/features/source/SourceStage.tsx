// The image with its pose and mask layers, sized to fit the panel (it follows window resizes), and the tool
// bar that picks what a drag does: move joints, paint the mask or erase it.

import { Group, SegmentedControl, Slider, Switch, Text } from '@mantine/core'
import { useElementSize } from '@mantine/hooks'
import { useState } from 'react'
import type { Pose18, SourceImageInfo } from '../../../../src-preload/api'
import { containBox } from './fitBox'
import type { MaskBuffer } from './maskBrush'
import { MaskCanvas } from './MaskCanvas'
import { PoseOverlay } from './PoseOverlay'

export type StageTool = 'pose' | 'paint' | 'erase'

export interface SourceStageProps {
  readonly image: SourceImageInfo
  readonly imageUrl: string | null
  readonly pose: Pose18 | null
  readonly mask: MaskBuffer | null
  readonly onPoseChange: (pose: Pose18) => void
  readonly onMaskChange: (mask: MaskBuffer) => void
}

export function SourceStage({ image, imageUrl, pose, mask, onPoseChange, onMaskChange }: SourceStageProps) {
  const [tool, setTool] = useState<StageTool>('pose')
  const [brushSize, setBrushSize] = useState(24)
  const [showMask, setShowMask] = useState(true)
  const { ref, width, height } = useElementSize()
  const box = containBox(width, height, image.width / image.height)
  const brush = tool === 'pose' || !mask ? null : { mode: tool, sizePx: brushSize }

  return (
    <>
      <Group gap="md" wrap="wrap" data-testid="stage-toolbar">
        <SegmentedControl
          size="xs"
          value={tool}
          onChange={(v) => setTool(v as StageTool)}
          data={[
            { value: 'pose', label: 'Move joints' },
            { value: 'paint', label: 'Paint mask', disabled: !mask },
            { value: 'erase', label: 'Erase mask', disabled: !mask },
          ]}
          data-testid="stage-tool"
        />
        <Group gap={6} wrap="nowrap" w={200}>
          <Text size="xs" c="dimmed">
            Brush
          </Text>
          <Slider
            size="sm"
            min={4}
            max={120}
            value={brushSize}
            onChange={setBrushSize}
            disabled={!brush}
            style={{ flex: 1 }}
            label={(v) => `${v} px`}
            aria-label="Brush size"
            data-testid="brush-size"
          />
        </Group>
        <Switch
          size="xs"
          label="Show mask"
          checked={showMask}
          disabled={!mask}
          onChange={(e) => setShowMask(e.currentTarget.checked)}
        />
      </Group>
      <div
        ref={ref}
        style={{ position: 'relative', flex: 1, minHeight: 280, width: '100%', overflow: 'hidden' }}
        data-testid="source-stage"
      >
        <div style={{ position: 'absolute', ...box }} data-testid="source-image-box">
          {imageUrl && (
            <img
              src={imageUrl}
              alt={image.name}
              draggable={false}
              style={{ position: 'absolute', inset: 0, width: '100%', height: '100%', userSelect: 'none' }}
              data-testid="source-image"
            />
          )}
          {mask && box.width > 0 && (
            <MaskCanvas
              mask={mask}
              width={box.width}
              height={box.height}
              brush={brush}
              visible={showMask || brush !== null}
              onCommit={onMaskChange}
            />
          )}
          {pose && box.width > 0 && (
            <PoseOverlay
              pose={pose}
              width={box.width}
              height={box.height}
              interactive={tool === 'pose'}
              onChange={onPoseChange}
            />
          )}
        </div>
      </div>
    </>
  )
}
