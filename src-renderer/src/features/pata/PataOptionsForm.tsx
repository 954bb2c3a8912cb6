// PATA's options beside the preview; each change is saved to the project (the render reads them).

import { Checkbox, NumberInput, Stack, Switch, Text } from '@mantine/core'
import type { PataOptions } from '../../../../src-preload/api'
import { MAX_JOINT_STEP_MAX, TRANSITION_FRAMES_MAX } from '../../../../src-preload/document/pataOptions'

export interface PataOptionsFormProps {
  readonly options: PataOptions
  readonly transitionFrames: number
  readonly onChange: (options: PataOptions) => void
}

export function PataOptionsForm({ options, transitionFrames, onChange }: PataOptionsFormProps) {
  const automatic = options.transitionFrames === null
  return (
    <Stack gap="sm" data-testid="pata-options">
      <Switch
        label="Retarget bones"
        description="Give the motion the character's own bone lengths."
        checked={options.retargetBones}
        onChange={(e) => onChange({ ...options, retargetBones: e.currentTarget.checked })}
        data-testid="pata-retarget"
      />
      <NumberInput
        label="Largest joint step per transition frame"
        description="Percent of the image's longer side; smaller means a longer, gentler transition."
        suffix=" %"
        min={0.1}
        max={MAX_JOINT_STEP_MAX * 100}
        step={0.5}
        decimalScale={1}
        value={options.maxJointStep * 100}
        disabled={!automatic}
        onChange={(v) => typeof v === 'number' && v > 0 && onChange({ ...options, maxJointStep: v / 100 })}
        data-testid="pata-max-step"
      />
      <Checkbox
        label="Choose the transition length automatically"
        checked={automatic}
        onChange={(e) => onChange({ ...options, transitionFrames: e.currentTarget.checked ? null : transitionFrames })}
        data-testid="pata-auto-length"
      />
      <NumberInput
        label="Transition frames"
        min={0}
        max={TRANSITION_FRAMES_MAX}
        value={options.transitionFrames ?? transitionFrames}
        disabled={automatic}
        onChange={(v) => typeof v === 'number' && onChange({ ...options, transitionFrames: Math.round(v) })}
        data-testid="pata-transition-frames"
      />
      <Text size="xs" c="dimmed">
        PATA scales and moves the motion onto the character, then leads into it from the source pose with eased
        in-between frames.
      </Text>
    </Stack>
  )
}
