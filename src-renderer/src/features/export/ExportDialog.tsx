// Export dialog: format (mp4 / webm / gif / PNG frames), frame rate and size, where to save (main's save
// dialog), progress, and "show in folder" once written. Keys typed here stay here: the workspace's
// window-level shortcuts (Space, K, Delete…) must not act on the timeline behind the dialog.
import { Alert, Button, Code, Group, Modal, NumberInput, Progress, SegmentedControl, Stack, Text } from '@mantine/core'
import { useState, type KeyboardEvent } from 'react'
import type { ExportFormat, FrameState } from '../../../../src-preload/api'
import { useExportJob } from './useExportJob'

const FORMATS: { value: ExportFormat; label: string }[] = [
  { value: 'mp4', label: 'MP4 (H.264)' },
  { value: 'webm', label: 'WebM (VP9)' },
  { value: 'gif', label: 'GIF' },
  { value: 'png', label: 'PNG frames' },
]

export interface ExportDialogProps {
  opened: boolean
  onClose: () => void
  projectId: string
  fps: number
  /** What the render panel shows per frame (its StripFrame): the export uses the images shown. */
  frames: { frame: number; state: FrameState; image: unknown }[]
}

export function ExportDialog({ opened, onClose, projectId, fps: projectFps, frames }: ExportDialogProps) {
  const job = useExportJob(projectId)
  const [format, setFormat] = useState<ExportFormat>('mp4')
  const [fps, setFps] = useState(projectFps)
  const [size, setSize] = useState<{ width?: number; height?: number }>({})
  const missing = frames.filter((f) => !f.image).map((f) => f.frame)
  const stale = frames.filter((f) => f.state === 'stale').length
  const { progress } = job

  const pickFormat = (value: string) => {
    setFormat(value as ExportFormat)
    if (job.target && job.target.format !== value) job.clearTarget()
  }
  const stopShortcuts = (e: KeyboardEvent) => e.stopPropagation()

  return (
    <Modal opened={opened} onClose={onClose} title="Export animation" size="lg" data-testid="export-dialog">
      <Stack gap="sm" onKeyDown={stopShortcuts} data-testid="export-dialog-body">
        <SegmentedControl value={format} onChange={pickFormat} data={FORMATS} data-testid="export-format" />
        <Group grow>
          <NumberInput
            label="Frames per second"
            min={1}
            max={120}
            value={fps}
            onChange={(v) => typeof v === 'number' && setFps(v)}
            data-testid="export-fps"
          />{' '}
          {/* prettier-ignore */}
          {(['width', 'height'] as const).map((side) => (
            <NumberInput
              key={side}
              label={side === 'width' ? 'Width (px)' : 'Height (px)'}
              placeholder="as rendered"
              min={16}
              max={8192}
              allowDecimal={false}
              value={size[side] ?? ''}
              onChange={(v) => setSize((s) => ({ ...s, [side]: typeof v === 'number' ? v : undefined }))}
              data-testid={`export-${side}`}
            />
          ))}
        </Group>
        {missing.length > 0 && (
          <Alert color="yellow" data-testid="export-missing">
            {missing.length} frame{missing.length > 1 ? 's are' : ' is'} not rendered yet ({missing.join(', ')}): render
            the animation first.
          </Alert>
        )}
        {stale > 0 && missing.length === 0 && (
          <Text size="sm" c="yellow.4" data-testid="export-stale">
            {stale} frame{stale > 1 ? 's are' : ' is'} stale: the export uses the images shown. Re-render stale frames
            first for a current video.
          </Text>
        )}
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" truncate="start" data-testid="export-target">
            {job.target ? <Code>{job.target.path}</Code> : 'No place chosen yet.'}
          </Text>
          <Button
            variant="default"
            onClick={() => void job.choose(format)}
            disabled={job.running}
            data-testid="export-choose"
          >
            Save to…
          </Button>
        </Group>
        {job.error && (
          <Alert color="red" data-testid="export-error">
            {job.error}
          </Alert>
        )}
        {progress && <ExportStatus job={job} />}
        <Group justify="flex-end">
          {job.running ? (
            <Button color="red" variant="light" onClick={() => void job.cancel()} data-testid="export-cancel">
              Cancel export
            </Button>
          ) : (
            <Button
              onClick={() => void job.start({ fps, ...size })}
              disabled={!job.target || missing.length > 0}
              data-testid="export-start"
            >
              Export
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  )
}

function ExportStatus({ job }: { job: ReturnType<typeof useExportJob> }) {
  const p = job.progress!
  if (p.state === 'failed' || p.state === 'cancelled') {
    return (
      <Alert
        color={p.state === 'failed' ? 'red' : 'gray'}
        title={p.state === 'failed' ? 'Export failed' : 'Export cancelled'}
        data-testid="export-failed"
      >
        {' '}
        {/* prettier-ignore */}
        {p.message} Your project and any earlier export are unchanged; choose another place or try again.
      </Alert>
    )
  }
  if (p.state === 'done' && p.file) {
    return (
      <Alert color="teal" title="Exported" data-testid="export-done">
        <Stack gap={4}>
          <Text size="sm">
            {p.file.frames} frames, {p.file.width}×{p.file.height} at {p.file.fps} fps ({Math.ceil(p.file.bytes / 1024)}{' '}
            KB).
          </Text>
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => void job.reveal()} data-testid="export-reveal">
              Show in folder
            </Button>
            {job.revealed && (
              <Text size="xs" c="dimmed" data-testid="export-revealed">
                {job.revealed}
              </Text>
            )}
          </Group>
        </Stack>
      </Alert>
    )
  }
  return (
    <Stack gap={4} data-testid="export-progress">
      <Progress value={p.fraction * 100} animated />
      <Text size="xs" c="dimmed">
        Writing frame {p.framesDone} of {p.framesTotal || '…'}
      </Text>
    </Stack>
  )
}
