// The app shell: dark Mantine theme, header, and either the project library or one open project.
import { Alert, AppShell, Group, MantineProvider, Text, Title } from '@mantine/core'
import { ProjectLibrary } from './ProjectLibrary'
import { ProjectView } from './ProjectView'
import { useOpenProjectId } from './route'
import { studioTheme } from './theme'
import { useEngineStatus } from './useEngineStatus'

export function App() {
  const [projectId, openProject] = useOpenProjectId()
  const engine = useEngineStatus()
  return (
    <MantineProvider theme={studioTheme} defaultColorScheme="dark" forceColorScheme="dark">
      <AppShell header={{ height: 52 }} padding="md">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Title order={4} data-testid="app-title">
              PoseAnimate Studio
            </Title>
            <Text size="xs" c="dimmed">
              one character image, brought to life
            </Text>
          </Group>
        </AppShell.Header>
        <AppShell.Main>
          {engine?.state === 'crashed' && (
            <Alert color="red" mb="md" title="The engine stopped unexpectedly" data-testid="engine-crashed">
              {engine.message} It restarts with your next action; saved work is kept.
            </Alert>
          )}
          {projectId ? (
            <ProjectView projectId={projectId} onClose={() => openProject(null)} />
          ) : (
            <ProjectLibrary onOpen={openProject} />
          )}
        </AppShell.Main>
      </AppShell>
    </MantineProvider>
  )
}
