// The render panel: start / cancel, progress per stage with the time left, frames appearing in the strip
// as they finish, stale frames after an edit with "re-render stale" and "re-render this frame", the
// selected frame with before/after, the settings saved in the project, and the export dialog.
import { Alert, Badge, Button, Card, Collapse, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core'
import type { RenderPreset } from '../../../../src-preload/document/renderSettings'
import { useCallback, useMemo, useState } from 'react'
import { ExportDialog } from '../export/ExportDialog'
import { FrameStrip } from './FrameStrip'
import { FramePlayer } from './FramePlayer'
import { FrameViewer } from './FrameViewer'
import { JobProgressView } from './JobProgressView'
import { checksOf, PreflightAlert, type FixTab } from './PreflightAlert'
import { RenderSettingsForm } from './RenderSettingsForm'
import { frameCounts, stripFrames, type JobOutcome } from './renderState'
import { useRenderPanel } from './useRenderPanel'
import { useRenderSettings } from './useRenderSettings'

export interface RenderPanelProps {
  projectId: string
  /** The project's frame rate (the export's default). */
  fps: number
  /** Changes whenever the project is edited, so stale frames are checked again. */
  revision?: unknown
  /** Saves edits still pending elsewhere (e.g. the animation) before a render reads the project. */
  beforeRender?: () => Promise<unknown>
  /** false while the panel is hidden: frame states are not checked (that opens the model). */
  active?: boolean
  /** Opens the tab where a preflight problem is fixed. */
  onOpenTab?: (tab: FixTab) => void
}

export function RenderPanel({ projectId, fps, revision, beforeRender, active = true, onOpenTab }: RenderPanelProps) {
  const settings = useRenderSettings(projectId)
  const { flush } = settings
  const beforeStart = useCallback(() => Promise.all([flush(), beforeRender?.()]), [flush, beforeRender])
  // Frame states depend on the motion, the source and the settings: check again when any changes.
  const checkAgain = useMemo(() => ({}), [revision, settings.saved]) // prettier-ignore
  const panel = useRenderPanel(projectId, checkAgain, beforeStart, active)
  const [showSettings, setShowSettings] = useState(false)
  const [exporting, setExporting] = useState(false)
  const { state } = panel
  const frames = stripFrames(state)
  const { stale, missing } = frameCounts(state)
  const outdated = stale + missing
  const busy = state.job !== null
  const rendered = frames.filter((f) => f.image).length
  const selected = frames.find((f) => f.frame === state.selected) ?? null
  const checks = checksOf(state.list)
  const frameStride = state.list?.frameStride ?? 1
  const preset = settings.settings?.preset ?? 'final'

  return (
    <Card withBorder data-testid="render-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={4}>Render</Title>
            {state.list && (
              <Badge variant="outline" data-testid="render-frame-count">
                {rendered} / {frames.length} frames rendered
              </Badge>
            )}
            {stale > 0 && (
              <Badge color="yellow" data-testid="stale-count">
                {stale} stale
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            <SegmentedControl
              size="xs"
              aria-label="Render preset"
              value={preset}
              disabled={busy || !settings.settings}
              onChange={(v) =>
                settings.settings && settings.update({ ...settings.settings, preset: v as RenderPreset })
              }
              data={[
                { value: 'draft', label: 'Draft' },
                { value: 'final', label: 'Final' },
              ]}
              data-testid="render-preset"
            />
            <Button variant="subtle" size="xs" onClick={() => setShowSettings((s) => !s)} data-testid="toggle-settings">
              {showSettings ? 'Hide settings' : 'Settings'}
            </Button>
            <Button
              size="xs"
              variant="light"
              color="yellow"
              disabled={busy || outdated === 0 || rendered === 0}
              onClick={() => void panel.start('stale')}
              data-testid="rerender-stale"
            >
              Re-render stale{outdated > 0 ? ` (${outdated})` : ''}
            </Button>
            <Button
              size="xs"
              disabled={busy || checks.length > 0}
              onClick={() => void panel.start('render')}
              data-testid="render-start"
            >
              {preset === 'draft' ? 'Render draft' : 'Render'}
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={rendered === 0}
              onClick={() => setExporting(true)}
              data-testid="open-export"
            >
              Export…
            </Button>
          </Group>
        </Group>

        <Collapse expanded={showSettings}>
          {settings.settings && (
            <RenderSettingsForm settings={settings.settings} disabled={busy} onChange={settings.update} />
          )}
          {settings.error && (
            <Alert color="red" mt="xs" title="These settings cannot be used" data-testid="settings-error">
              {settings.error}
            </Alert>
          )}
        </Collapse>

        {!busy && <PreflightAlert checks={checks} onFix={onOpenTab} />}
        {panel.error && (
          <Alert color="red" title="That did not work" data-testid="render-error">
            {panel.error}
          </Alert>
        )}
        {state.job && <JobProgressView job={state.job} onCancel={() => void panel.cancel()} />}
        {!busy && state.outcome && <OutcomeNote outcome={state.outcome} />}

        {frames.length === 0 && checks.length === 0 && (
          <Text c="dimmed" size="sm" data-testid="render-empty">
            Nothing rendered yet. Press Render: frames appear here as they finish.
          </Text>
        )}
        <FramePlayer frames={frames} fps={fps / frameStride} frameStride={frameStride} />
        <FrameStrip frames={frames} selected={state.selected} onSelect={panel.select} />
        {selected && (
          <FrameViewer
            key={selected.frame}
            frame={selected}
            previous={state.previous[selected.frame] ?? null}
            busy={busy}
            onRerender={(f) => void panel.start('frame', f)}
          />
        )}
      </Stack>
      <ExportDialog
        opened={exporting}
        onClose={() => setExporting(false)}
        projectId={projectId}
        fps={fps}
        frames={frames}
      />
    </Card>
  )
}

function OutcomeNote({ outcome }: { outcome: JobOutcome }) {
  if (outcome.state === 'done') {
    return (
      <Text size="sm" c="teal.4" data-testid="render-outcome" data-state="done" data-job={outcome.jobId}>
        {outcome.message ?? (outcome.kind === 'frame' ? 'Frame re-rendered.' : 'Render finished.')}
      </Text>
    )
  }
  return (
    <Alert
      color={outcome.state === 'failed' ? 'red' : 'gray'}
      title={outcome.state === 'failed' ? 'The render failed' : 'Cancelled'}
      data-testid="render-outcome"
      data-state={outcome.state}
      data-job={outcome.jobId}
    >
      {outcome.message}
      {outcome.state === 'cancelled' && ' Finished work is kept: rendering again continues from there.'}
    </Alert>
  )
}
