// The project list: create a project by name, open one, see files that could not be read.
import { Alert, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { useCallback, useEffect, useState, type FormEvent } from 'react'
import type { ProjectListing, ProjectSummary } from '../../../src-preload/api'
import { messageOf, studio } from '../bridge/studio'

export function ProjectLibrary({ onOpen }: { onOpen: (projectId: string) => void }) {
  const [listing, setListing] = useState<ProjectListing | null>(null)
  const [error, setError] = useState<string | null>(null)

  const reload = useCallback(async () => {
    try {
      setListing(await studio().project.list())
    } catch (err) {
      setError(messageOf(err))
    }
  }, [])
  useEffect(() => void reload(), [reload])

  return (
    <Stack maw={960} mx="auto" gap="lg">
      <CreateProjectForm onCreated={reload} />
      {error && (
        <Alert color="red" title="Could not load the project list" data-testid="library-error">
          {error}
        </Alert>
      )}
      <Title order={3}>Projects</Title>
      {!listing && !error && <Loader size="sm" />}
      {listing && listing.projects.length === 0 && (
        <Text c="dimmed" data-testid="library-empty">
          No projects yet. Name one above and press Create to start animating a character.
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} data-testid="project-list">
        {listing?.projects.map((p) => (
          <ProjectCard key={p.projectId} project={p} onOpen={onOpen} />
        ))}
      </SimpleGrid>
      {listing?.problems.map((p) => (
        <Alert key={p.projectId} color="yellow" title={`${p.projectId} cannot be opened`}>
          {p.error}
        </Alert>
      ))}
    </Stack>
  )
}

function ProjectCard({ project, onOpen }: { project: ProjectSummary; onOpen: (projectId: string) => void }) {
  return (
    <Card withBorder data-testid="project-card" data-project-id={project.projectId}>
      <Group justify="space-between" mb="xs">
        <Text fw={600} data-testid="project-name">
          {project.name}
        </Text>
        <Badge variant="light">{project.keyframeCount} frames of motion</Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="md">
        Edited {new Date(project.updatedAt).toLocaleString()}
      </Text>
      <Button variant="light" onClick={() => onOpen(project.projectId)} data-testid="open-project">
        Open
      </Button>
    </Card>
  )
}

function CreateProjectForm({ onCreated }: { onCreated: () => Promise<void> }) {
  const [name, setName] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await studio().project.create({ name })
      setName('')
      await onCreated()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Group align="flex-end">
        <TextInput
          label="New project"
          placeholder="e.g. Knight waves hello"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={error}
          style={{ flex: 1 }}
          data-testid="new-project-name"
        />
        <Button type="submit" loading={busy} disabled={!name.trim()} data-testid="create-project">
          Create
        </Button>
      </Group>
    </Card>
  )
}
