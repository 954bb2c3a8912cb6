// One open project: its settings and keyframes. The rig/timeline workspace mounts in the body.
import { Alert, Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { ProjectDetails } from '../../../src-preload/api'
import { messageOf, studio } from '../bridge/studio'

export function ProjectView({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const [project, setProject] = useState<ProjectDetails | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    setProject(null)
    setError(null)
    studio()
      .project.open({ projectId })
      .then((p) => current && setProject(p))
      .catch((err: unknown) => current && setError(messageOf(err)))
    return () => {
      current = false
    }
  }, [projectId])

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group>
          <Button variant="subtle" onClick={onClose} data-testid="back-to-library">
            ← Projects
          </Button>
          <Title order={3} data-testid="open-project-name">
            {project?.name ?? projectId}
          </Title>
        </Group>
        {project && (
          <Group gap="xs">
            <Badge variant="outline">
              {project.settings.width}×{project.settings.height}
            </Badge>
            <Badge variant="outline">{project.settings.fps} fps</Badge>
            <Badge variant="outline">{project.keyframeCount} keyframes</Badge>
          </Group>
        )}
      </Group>
      {error && (
        <Alert color="red" title="This project could not be opened" data-testid="project-error">
          {error}
        </Alert>
      )}
      {!project && !error && <Loader size="sm" />}
      {project && (
        <Card withBorder mih={320} data-testid="project-workspace">
          <Text c="dimmed">
            {project.keyframeCount === 0
              ? 'No keyframes yet. The rig and timeline editor for posing the character opens in this panel.'
              : `${project.keyframeCount} keyframes, from frame ${project.keyframes[0].frame} to ${project.keyframes.at(-1)!.frame}.`}
          </Text>
        </Card>
      )}
    </Stack>
  )
}
