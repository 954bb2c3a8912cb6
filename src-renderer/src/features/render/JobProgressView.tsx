// The running job: overall bar, the current stage with its items and the time left, and the stages
// already passed.
import { Badge, Button, Group, Progress, Stack, Text } from '@mantine/core'
import type { ActiveJob } from './renderState'
import { etaText, jobTitle, percent, stageLabel } from './progressText'

export function JobProgressView({ job, onCancel }: { job: ActiveJob; onCancel: () => void }) {
  const p = job.progress
  return (
    <Stack gap={6} data-testid="render-progress">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {jobTitle(job.kind, job.frame)} · {percent(p?.fraction ?? 0)}
        </Text>
        <Button size="xs" color="red" variant="light" onClick={onCancel} data-testid="render-cancel">
          Cancel
        </Button>
      </Group>
      <Progress value={(p?.fraction ?? 0) * 100} animated aria-label="Render progress" />
      {p ? (
        <Group gap="xs" data-testid="render-stage">
          <Badge variant="light">
            Stage {p.stageIndex + 1} of {p.stageCount}
          </Badge>
          <Text size="sm">{stageLabel(p.stage)}</Text>
          <Text size="sm" c="dimmed">
            {p.itemsDone} / {p.itemsTotal} · {percent(p.stageFraction)}
          </Text>
          <Text size="sm" c="dimmed" data-testid="render-eta">
            {etaText(p.etaSeconds)}
          </Text>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          Starting… (the model is loaded and compiled on first use)
        </Text>
      )}
      {job.stages.length > 1 && (
        <Text size="xs" c="dimmed">
          Done: {job.stages.slice(0, -1).map(stageLabel).join(' → ')}
        </Text>
      )}
    </Stack>
  )
}
