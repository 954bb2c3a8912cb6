// The renderer's only way to the engine: window.studio, exposed by the preload (or, in e2e tests,
// by the test bridge's init script). Types only come from the contract.
import type { StudioApi } from '../../../src-preload/api'

declare global {
  interface Window {
    studio?: StudioApi
  }
}

export function studio(): StudioApi {
  if (!window.studio) {
    throw new Error('The studio API is missing: this page must be opened by PoseAnimate Studio.')
  }
  return window.studio
}

/** The message of an error from a studio call (StudioError messages are written for the user). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
