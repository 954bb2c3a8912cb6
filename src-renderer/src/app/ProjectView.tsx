// One open project: its settings, and its panels as tabs (source, animate, PATA preview, models). The
// source state and the animation live here so every panel sees the same character and motion.
import { Alert, Badge, Button, Group, Loader, Stack, Tabs, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import type { ProjectDetails } from '../../../src-preload/api'
import { studio } from '../bridge/studio'
import { useLoaded } from '../bridge/useLoaded'
import { ModelsPanel } from '../features/models/ModelsPanel'
import { PataPreview } from '../features/pata/PataPreview'
import { RenderPanel } from '../features/render/RenderPanel'
import { AnimatePanel, SourcePanel, useProjectAnimation, useSource } from '../features/source'

export function ProjectView({ projectId, onClose }: { projectId: string; onClose: () => void }) {
  const [project, setProject, error] = useLoaded(projectId, () => studio().project.open({ projectId }))

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
            <Badge variant="outline">{project.keyframeCount} frames of motion</Badge>
          </Group>
        )}
      </Group>
      {error && (
        <Alert color="red" title="This project could not be opened" data-testid="project-error">
          {error}
        </Alert>
      )}
      {!project && !error && <Loader size="sm" />}
      {project && <ProjectPanels key={projectId} project={project} onSaved={setProject} />}
    </Stack>
  )
}

function ProjectPanels({ project, onSaved }: { project: ProjectDetails; onSaved: (p: ProjectDetails) => void }) {
  const { projectId } = project
  const source = useSource(projectId)
  const image = source.state?.image ?? null
  const aspect = image ? image.width / image.height : 1
  const pose = source.state?.pose ?? null
  const animation = useProjectAnimation(projectId, onSaved)
  const [tab, setTab] = useState<string | null>('source')
  // A new object when the motion or the source changes: the render panel checks its frames again (and
  // whenever its tab opens: models or PATA options may have changed meanwhile).
  const renderRevision = useMemo(() => ({}), [project.updatedAt, source.state])
  return (
    <Tabs value={tab} onChange={setTab} data-testid="project-workspace">
      <Tabs.List mb="md">
        <Tabs.Tab value="source" data-testid="tab-source">
          Source
        </Tabs.Tab>
        <Tabs.Tab value="animate" data-testid="tab-animate">
          Animate
        </Tabs.Tab>
        <Tabs.Tab value="pata" data-testid="tab-pata">
          PATA preview
        </Tabs.Tab>
        <Tabs.Tab value="models" data-testid="tab-models">
          Models
        </Tabs.Tab>
        <Tabs.Tab value="render" data-testid="tab-render">
          Render
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="source" h="calc(100vh - 200px)" mih={360}>
        <SourcePanel source={source} />
      </Tabs.Panel>
      <Tabs.Panel value="animate">
        <AnimatePanel
          animation={animation}
          pose={pose}
          aspect={aspect}
          fps={project.settings.fps}
          imageUrl={source.imageUrl}
        />
      </Tabs.Panel>
      <Tabs.Panel value="pata">
        <PataPreview
          projectId={projectId}
          imageUrl={source.imageUrl}
          imageAspect={aspect}
          fps={project.settings.fps}
          beforePreview={animation.flush}
        />
      </Tabs.Panel>
      <Tabs.Panel value="models">
        <ModelsPanel projectId={projectId} />
      </Tabs.Panel>
      <Tabs.Panel value="render">
        <RenderPanel
          projectId={projectId}
          fps={project.settings.fps}
          revision={renderRevision}
          beforeRender={animation.flush}
          active={tab === 'render'}
          onOpenTab={setTab}
        />
      </Tabs.Panel>
    </Tabs>
  )
}
