// All IPC handlers of the studio, assembled into one validated router.
import { appHandlers } from './app'
import type { StudioDeps } from './deps'
import { exportHandlers } from './export'
import { projectHandlers } from './project'
import { renderHandlers } from './render'
import { createRouter, type StudioRouter } from './router'

export function createStudioRouter(deps: StudioDeps): StudioRouter {
  return createRouter({ ...appHandlers(deps), ...projectHandlers(deps), ...renderHandlers(deps), ...exportHandlers(deps) })
}

export type { StudioDeps } from './deps'
export type { StudioRouter } from './router'
