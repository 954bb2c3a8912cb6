// The source panel: import the character image (dialog or drop), see and fix the detected pose and the
// character mask, write the prompt and mark the words that name the character.

import { Alert, Badge, Button, Card, Center, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { OPENPOSE_18, type SourceState } from '../../../../src-preload/api'
import { CharacterWords } from './CharacterWords'
import { coverage } from './maskBrush'
import { placeMissingJoint } from './poseTemplate'
import { SourceStage } from './SourceStage'
import { useFileDrop } from './useFileDrop'
import type { SourceController } from './useSource'

export function SourcePanel({ source }: { source: SourceController }) {
  const drop = useFileDrop(
    (file) => void source.importFile(file),
    () => source.refuse('Nothing to import', 'Drop an image file (PNG or JPEG) from your files.'),
  )
  if (source.loadError) {
    return (
      <Alert color="red" title="The source image could not be loaded" data-testid="source-load-error">
        {source.loadError}
      </Alert>
    )
  }
  if (!source.state) return <Loader size="sm" />
  const { state } = source
  return (
    <Stack
      gap="sm"
      h="100%"
      {...drop.handlers}
      style={{ outline: drop.over ? '2px dashed var(--mantine-color-violet-5)' : undefined, minHeight: 0 }}
      data-testid="source-panel"
    >
      <Status source={source} />
      {state.image ? <Editor source={source} state={state} /> : <EmptySource source={source} />}
    </Stack>
  )
}

function Status({ source }: { source: SourceController }) {
  return (
    <>
      {source.busy && (
        <Group gap="xs" data-testid="source-busy">
          <Loader size="xs" />
          <Text size="sm">{source.busy}</Text>
        </Group>
      )}
      {source.problem && (
        <Alert
          color="yellow"
          title={source.problem.title}
          withCloseButton
          onClose={source.dismissProblem}
          data-testid="source-problem"
        >
          {source.problem.text}
        </Alert>
      )}
    </>
  )
}

function EmptySource({ source }: { source: SourceController }) {
  return (
    <Card withBorder p="xl" data-testid="source-dropzone" style={{ borderStyle: 'dashed' }}>
      <Center>
        <Stack align="center" gap="sm" maw={460}>
          <Title order={4}>Start with the character</Title>
          <Text c="dimmed" size="sm" ta="center">
            Drop a picture of your character here (PNG or JPEG: a photo, a drawing, a 3D render), or choose one. Its
            pose is detected and its outline found; you can correct both.
          </Text>
          <Button onClick={() => void source.importWithDialog()} disabled={!!source.busy} data-testid="choose-image">
            Choose image…
          </Button>
        </Stack>
      </Center>
    </Card>
  )
}

function Editor({ source, state }: { source: SourceController; state: SourceState }) {
  const image = state.image!
  return (
    <Grid gap="md" style={{ flex: 1, minHeight: 0 }} styles={{ inner: { height: '100%' } }}>
      <Grid.Col span={{ base: 12, md: 8 }} style={{ display: 'flex', flexDirection: 'column', gap: 8, minHeight: 420 }}>
        <SourceStage
          image={image}
          imageUrl={source.imageUrl}
          pose={state.pose}
          mask={source.mask}
          onPoseChange={(pose) => void source.savePose(pose)}
          onMaskChange={(mask) => void source.saveMask(mask)}
        />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Stack gap="md">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" truncate data-testid="source-name">
              {image.name} · {image.width}×{image.height}
            </Text>
            <Button size="xs" variant="default" onClick={() => void source.importWithDialog()} disabled={!!source.busy}>
              Replace…
            </Button>
          </Group>
          <CharacterWords
            key={source.projectId}
            prompt={state.prompt}
            characterWords={state.characterWords}
            onSave={(prompt, words) => void source.saveText(prompt, words)}
          />
          <PoseCard source={source} state={state} />
          <MaskCard source={source} />
        </Stack>
      </Grid.Col>
    </Grid>
  )
}

function PoseCard({ source, state }: { source: SourceController; state: SourceState }) {
  const pose = state.pose
  const aspect = state.image!.width / state.image!.height
  const missing = pose ? OPENPOSE_18.flatMap((name, j) => (pose[j] ? [] : [{ name, j }])) : []
  return (
    <Card withBorder p="sm" data-testid="pose-card">
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={500}>
          Pose
        </Text>
        <Badge variant="light" data-testid="pose-status">
          {pose ? (state.poseOrigin === 'detected' ? 'detected' : 'edited') : 'none'}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {pose
          ? 'Drag a joint onto the character to correct it; Alt+click removes it.'
          : 'No pose yet: detect it, or place a skeleton and drag its joints onto the character.'}
      </Text>
      {missing.length > 0 && (
        <Group gap={4} mb="xs">
          <Text size="xs" c="dimmed">
            Missing (click to add):
          </Text>
          {missing.map(({ name, j }) => (
            <Button
              key={name}
              size="compact-xs"
              variant="subtle"
              onClick={() => void source.savePose(placeMissingJoint(pose!, j, aspect))}
            >
              {name}
            </Button>
          ))}
        </Group>
      )}
      <Group gap="xs">
        <Button size="xs" variant="light" onClick={() => void source.detectPose()} disabled={!!source.busy}>
          Detect again
        </Button>
        <Button size="xs" variant="default" onClick={() => void source.placeTemplate()} disabled={!!source.busy}>
          Place skeleton
        </Button>
      </Group>
    </Card>
  )
}

function MaskCard({ source }: { source: SourceController }) {
  const mask = source.mask
  return (
    <Card withBorder p="sm" data-testid="mask-card">
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={500}>
          Character mask
        </Text>
        <Badge variant="light" data-testid="mask-status">
          {mask ? `${Math.round(coverage(mask) * 100)} % of the image` : 'none'}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {mask
          ? 'The tinted area is the character. Pick Paint or Erase above the image and brush over it to fix the outline.'
          : 'No mask yet: find the character to create one. The render needs it to keep character and background apart.'}
      </Text>
      <Button size="xs" variant="light" onClick={() => void source.segmentMask()} disabled={!!source.busy}>
        {mask ? 'Find the character again' : 'Find the character'}
      </Button>
    </Card>
  )
}
