// The models panel: which SD 1.5 checkpoint and ControlNet OpenPose the project renders with (chosen in
// a dialog in main, checked by the engine with its own clear errors), or the built-in demo model, and the
// execution provider the engine runs on.

import { Alert, Badge, Button, Card, Group, List, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import type { ModelFileInfo, ModelRole, ModelsState } from '../../../../src-preload/api'
import { messageOf, studio } from '../../bridge/studio'
import { useLoaded } from '../../bridge/useLoaded'
import { ExecutionProvider } from './ExecutionProvider'

export function ModelsPanel({ projectId }: { projectId: string }) {
  const [models, setModels, error, setError] = useLoaded(projectId, () => studio().models.get({ projectId }))
  const [busy, setBusy] = useState(false)

  const act = async (call: () => Promise<ModelsState | null>) => {
    setBusy(true)
    setError(null)
    try {
      const next = await call()
      if (next) setModels(next)
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  const choose = (role: ModelRole, folder = false) => act(() => studio().models.choose({ projectId, role, folder }))

  return (
    <Stack gap="md" maw={960} data-testid="models-panel">
      <Title order={4}>Models</Title>
      {error && (
        <Alert
          color="red"
          title="This model cannot be used"
          withCloseButton
          onClose={() => setError(null)}
          data-testid="models-error"
        >
          {error} The project keeps its previous choice.
        </Alert>
      )}
      {!models ? (
        !error && <Loader size="sm" />
      ) : (
        <>
          <CurrentChoice models={models} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Card withBorder>
              <Text fw={500} mb={4}>
                Your Stable Diffusion 1.5 model
              </Text>
              <Text size="xs" c="dimmed" mb="sm">
                A single .safetensors checkpoint (e.g. v1-5-pruned-emaonly or a fine-tune of it) or a diffusers folder,
                plus the ControlNet OpenPose file (control_v11p_sd15_openpose). Pickle files (.ckpt) are refused.
              </Text>
              <Group gap="xs">
                <Button
                  size="xs"
                  loading={busy}
                  onClick={() => void choose('checkpoint')}
                  data-testid="choose-checkpoint"
                >
                  Choose checkpoint…
                </Button>
                <Button size="xs" variant="default" disabled={busy} onClick={() => void choose('checkpoint', true)}>
                  Choose diffusers folder…
                </Button>
                <Button
                  size="xs"
                  variant="light"
                  disabled={busy || models.choice !== 'files'}
                  onClick={() => void choose('controlnet')}
                  data-testid="choose-controlnet"
                >
                  Choose ControlNet…
                </Button>
              </Group>
            </Card>
            <Card withBorder>
              <Text fw={500} mb={4}>
                Built-in demo model
              </Text>
              <Text size="xs" c="dimmed" mb="sm">
                A tiny, untrained model that runs the whole pipeline in seconds on a CPU. It draws noise, not pictures:
                use it to try the studio before pointing it at your own model.
              </Text>
              <Button
                size="xs"
                variant={models.choice === 'demo' ? 'filled' : 'light'}
                disabled={busy || models.choice === 'demo'}
                onClick={() => void act(() => studio().models.useDemo({ projectId }))}
                data-testid="use-demo-model"
              >
                {models.choice === 'demo' ? 'Using the demo model' : 'Use the demo model'}
              </Button>
            </Card>
          </SimpleGrid>
        </>
      )}
      <ExecutionProvider />
    </Stack>
  )
}

function CurrentChoice({ models }: { models: ModelsState }) {
  if (models.choice === 'none') {
    return (
      <Text c="dimmed" size="sm" data-testid="models-choice">
        No model chosen yet. Choose your SD 1.5 checkpoint and its ControlNet OpenPose below, or use the demo model.
      </Text>
    )
  }
  if (models.choice === 'demo') {
    return (
      <Text size="sm" data-testid="models-choice">
        Rendering with the built-in demo model (untrained).
      </Text>
    )
  }
  return (
    <Stack gap={4} data-testid="models-choice">
      <FileLine label="Checkpoint" file={models.checkpoint} />
      <FileLine label="ControlNet" file={models.controlnet} missing="not chosen yet: choose the OpenPose ControlNet" />
      {models.problems.map((p) => (
        <Alert key={p} color="red" py={6}>
          {p}
        </Alert>
      ))}
    </Stack>
  )
}

function FileLine({ label, file, missing }: { label: string; file: ModelFileInfo | null; missing?: string }) {
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" w={90} c="dimmed">
        {label}
      </Text>
      {file ? (
        <>
          <Text size="sm" ff="monospace">
            {file.name}
          </Text>
          <Badge size="xs" variant="light">
            {file.layout}
          </Badge>
          {file.warnings.length > 0 && (
            <List size="xs" c="yellow">
              {file.warnings.map((w) => (
                <List.Item key={w}>{w}</List.Item>
              ))}
            </List>
          )}
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {missing}
        </Text>
      )}
    </Group>
  )
}
