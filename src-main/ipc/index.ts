// All IPC handlers of the studio, assembled into one validated router.
import { appHandlers } from './app'
import type { StudioDeps } from './deps'
import { exportHandlers } from './export'
import { projectHandlers } from './project'
import { renderHandlers } from './render'
import { createRouter, type StudioRouter } from './router'
import { modelHandlers, pataHandlers } from './models'
import { animationHandlers, sourceHandlers } from './source'

export function createStudioRouter(deps: StudioDeps): StudioRouter {
  const studioPanels = {
    ...sourceHandlers(deps),
    ...animationHandlers(deps),
    ...modelHandlers(deps),
    ...pataHandlers(deps),
  }
  return createRouter({
    ...appHandlers(deps),
    ...studioPanels,
    ...projectHandlers(deps),
    ...renderHandlers(deps),
    ...exportHandlers(deps),
  })
}

export type { StudioDeps } from './deps'
export type { StudioRouter } from './router'
