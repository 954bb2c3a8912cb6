// The models panel's execution provider card: which provider renders on this machine (the first that loads
// in the chosen order), why the others do not load, and the setting that picks the order (saved for the
// machine, not the project; POSEANIMATE_PROVIDER overrides it for one launch).

import { Badge, Card, Group, Loader, Select, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { AppInfo, ProviderChoiceName } from '../../../../src-preload/api'
import { PROVIDER_CHOICE_NAMES } from '../../../../src-preload/document/machineSettings'
import { messageOf, studio } from '../../bridge/studio'

const CHOICE_LABELS: Record<ProviderChoiceName, string> = {
  auto: 'Automatic (CUDA → GPU → CPU)',
  cuda: 'CUDA (NVIDIA)',
  webgpu: 'WebGPU (Vulkan, D3D12, Metal)',
  dml: 'DirectML (Windows)',
  cpu: 'CPU only',
}

export function ExecutionProvider() {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    studio()
      .app.info()
      .then(setInfo, (e: unknown) => setError(messageOf(e)))
  }, [])

  const choose = async (provider: ProviderChoiceName) => {
    setError(null)
    try {
      const setting = await studio().app.setProvider({ provider })
      setInfo((current) => current && { ...current, provider: setting })
    } catch (e) {
      setError(messageOf(e))
    }
  }

  const available = new Set(info?.executionProviders.filter((p) => p.available).map((p) => p.name))
  const used = info?.provider.order.find((name) => available.has(name))
  const overridden = info?.provider.from === 'environment'
  return (
    <Card withBorder data-testid="execution-provider">
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={500}>
            Runs on
          </Text>
          {info ? (
            <Badge color={used && used !== 'cpu' ? 'green' : 'gray'}>{used ? used.toUpperCase() : 'no provider'}</Badge>
          ) : (
            !error && <Loader size="xs" />
          )}
          <Text size="xs" c="dimmed">
            {info?.executionProviders
              .filter((p) => !p.available && p.name !== 'cpu')
              .map((p) => `${p.name}: ${p.error ?? 'not available'}`)
              .join(' · ')}
          </Text>
        </Group>
        {info && (
          <Select
            label="Execution provider"
            description={
              overridden
                ? `POSEANIMATE_PROVIDER=${info.provider.choice} is set for this launch; the saved choice applies without it.`
                : 'Saved for this machine; the next render uses it.'
            }
            data={PROVIDER_CHOICE_NAMES.map((value) => ({ value, label: CHOICE_LABELS[value] }))}
            value={info.provider.saved}
            onChange={(value) => value && void choose(value as ProviderChoiceName)}
            allowDeselect={false}
            data-testid="provider-setting"
          />
        )}
        {error && (
          <Text size="xs" c="red">
            {error}
          </Text>
        )}
      </Stack>
    </Card>
  )
}
