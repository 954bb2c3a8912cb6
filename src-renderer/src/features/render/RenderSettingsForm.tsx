// The render settings (paper §4.1 defaults), saved in the project. There is no seed: the method starts
// every frame from the inverted source latent and samples with DDIM η = 0, so it is deterministic
// (docs/decisions/0140-render-panel-jobs-frames-settings.md).
import { Group, NumberInput, SimpleGrid, Stack, Switch, Text } from '@mantine/core'
import type { RenderModules, RenderSettings } from '../../../../src-preload/api'
// The bounds are the pipeline's own (the document's render-settings group, decision 0280).
import {
  RENDER_BOUNDS,
  RENDER_SIDE_MAX,
  RENDER_SIDE_MIN,
  RENDER_SIDE_STEP,
} from '../../../../src-preload/document/renderSettings'

type NumberField = 'steps' | 'guidance' | 'frames' | 'innerIterations' | 'learningRate' | 'chunkSize'

const NUMBER_FIELDS: { key: NumberField; label: string; hint: string }[] = [
  { key: 'steps', label: 'DDIM steps', hint: 'T (paper: 50)' },
  { key: 'guidance', label: 'Guidance scale', hint: 'w (paper: 7.5)' },
  { key: 'frames', label: 'Frames after the source', hint: '0 = the whole animation' },
  { key: 'innerIterations', label: 'Inner iterations', hint: 'Adam steps per timestep (paper: 5)' },
  { key: 'learningRate', label: 'Learning rate', hint: 'PACM Adam (paper: 0.01)' },
  { key: 'chunkSize', label: 'Chunk size', hint: 'frames per batch (memory)' },
]

const MODULES: { key: keyof RenderModules; label: string }[] = [
  { key: 'pacm', label: 'PACM (pose-aware control)' },
  { key: 'dcam', label: 'DCAM (dual-consistency attention)' },
  { key: 'mgdm', label: 'MGDM (mask-guided decoupling)' },
  { key: 'pata', label: 'PATA (pose alignment, transition)' },
]

const LAMBDA_LABELS = ['λ frame 0', 'λ previous frame', 'λ own frame']

export interface RenderSettingsFormProps {
  settings: RenderSettings
  disabled?: boolean
  onChange: (next: RenderSettings) => void
}

export function RenderSettingsForm({ settings, disabled, onChange }: RenderSettingsFormProps) {
  const set = (patch: Partial<RenderSettings>) => onChange({ ...settings, ...patch })
  const numberOf = (v: string | number) => (typeof v === 'number' ? v : Number.parseFloat(v))
  return (
    <Stack gap="sm" data-testid="render-settings">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {NUMBER_FIELDS.map((f) => (
          <NumberInput
            key={f.key}
            label={f.label}
            description={f.hint}
            min={RENDER_BOUNDS[f.key].min}
            max={RENDER_BOUNDS[f.key].max}
            step={RENDER_BOUNDS[f.key].step}
            allowDecimal={!RENDER_BOUNDS[f.key].int}
            decimalScale={RENDER_BOUNDS[f.key].int ? 0 : 6}
            value={settings[f.key]}
            disabled={disabled}
            onChange={(v) => Number.isFinite(numberOf(v)) && set({ [f.key]: numberOf(v) })}
            data-testid={`setting-${f.key}`}
          />
        ))}
        {(['width', 'height'] as const).map((side) => (
          <NumberInput
            key={side}
            label={side === 'width' ? 'Width' : 'Height'}
            description={`px, multiple of ${RENDER_SIDE_STEP}; empty = model's`}
            placeholder="model's native"
            min={RENDER_SIDE_MIN}
            max={RENDER_SIDE_MAX}
            step={RENDER_SIDE_STEP}
            allowDecimal={false}
            value={settings[side] ?? ''}
            disabled={disabled}
            onChange={(v) => set({ [side]: v === '' ? null : numberOf(v) })}
            data-testid={`setting-${side}`}
          />
        ))}
      </SimpleGrid>
      <Group gap="sm" align="end">
        {settings.lambdas.map((value, i) => (
          <NumberInput
            key={LAMBDA_LABELS[i]}
            label={LAMBDA_LABELS[i]}
            min={RENDER_BOUNDS.lambda.min}
            max={RENDER_BOUNDS.lambda.max}
            step={RENDER_BOUNDS.lambda.step}
            decimalScale={3}
            w={130}
            value={value}
            disabled={disabled}
            onChange={(v) => {
              if (!Number.isFinite(numberOf(v))) return
              const lambdas = [...settings.lambdas] as RenderSettings['lambdas']
              lambdas[i] = numberOf(v)
              set({ lambdas })
            }}
            data-testid={`setting-lambda-${i}`}
          />
        ))}
        <Text size="xs" c="dimmed" pb={8}>
          DCAM weights (paper: 0.7 / 0.15 / 0.15)
        </Text>
      </Group>
      <Group gap="lg">
        {MODULES.map((m) => (
          <Switch
            key={m.key}
            label={m.label}
            checked={settings.modules[m.key]}
            disabled={disabled}
            onChange={(e) => set({ modules: { ...settings.modules, [m.key]: e.currentTarget.checked } })}
            data-testid={`module-${m.key}`}
          />
        ))}
        <Switch
          label="Loop (transition back to the source pose)"
          checked={settings.loop}
          disabled={disabled}
          onChange={(e) => set({ loop: e.currentTarget.checked })}
          data-testid="setting-loop"
        />
      </Group>
    </Stack>
  )
}
