// The render preflight (issue 13): every known reason a render would fail, shown at once before it starts,
// each with a button to the tab where it is fixed. While any is shown, Render stays disabled, so a known
// failure is never started, waited for and reported a second time.
import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import type { RenderCheck, RenderCheckFix, RenderFrameList } from '../../../../src-preload/api'

/** The tabs a preflight problem can send the animator to. */
export type FixTab = Exclude<RenderCheckFix, null>

const FIX_LABELS: Record<FixTab, string> = {
  source: 'Open the Source tab',
  animate: 'Open the Animate tab',
  models: 'Open the Models tab',
}

/** The checks of a frame list; an engine that gave only a problem counts as one check with no fix. */
export function checksOf(list: RenderFrameList | null): RenderCheck[] {
  if (!list) return []
  if (list.checks?.length) return list.checks
  return list.problem ? [{ message: list.problem, fix: null }] : []
}

export function PreflightAlert({ checks, onFix }: { checks: RenderCheck[]; onFix?: (tab: FixTab) => void }) {
  if (checks.length === 0) return null
  return (
    <Alert color="blue" title="Before rendering" data-testid="render-problem" role="status">
      <Stack gap={6}>
        {checks.map((check) => (
          <Group key={check.message} gap="sm" justify="space-between" wrap="nowrap" data-testid="render-check">
            <Text size="sm">{check.message}</Text>
            {check.fix && onFix && (
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => onFix(check.fix!)}
                data-testid={`render-check-fix-${check.fix}`}
              >
                {FIX_LABELS[check.fix]}
              </Button>
            )}
          </Group>
        ))}
      </Stack>
    </Alert>
  )
}
