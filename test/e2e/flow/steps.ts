// Steps of the flow e2e test that drive render jobs like a user (the rig steps are in ../support/rig.ts).
import type { Page } from 'playwright-core'
import { expect } from 'vitest'

const RENDER_TIMEOUT_MS = 240_000

/** Runs `start` (which starts a render job) and waits for that job's outcome, which must read `expected`. */
export async function renderJob(page: Page, expected: string, start: () => Promise<unknown>): Promise<void> {
  const outcome = page.getByTestId('render-outcome')
  const jobOf = async () => ((await outcome.count()) > 0 ? await outcome.getAttribute('data-job') : null)
  const previous = await jobOf()
  await start()
  const finished = async () => ![null, previous].includes(await jobOf())
  await expect.poll(finished, { timeout: RENDER_TIMEOUT_MS, interval: 500 }).toBe(true)
  expect({ state: await outcome.getAttribute('data-state'), text: await outcome.textContent() }).toEqual({
    state: 'done',
    text: expected,
  })
}

/** The frame strip's states, frame by frame. */
export function frameStates(page: Page): Promise<(string | undefined)[]> {
  return page.getByTestId('strip-frame').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.state))
}
