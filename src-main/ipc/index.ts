// All IPC handlers of the studio, assembled into one validated router: every channel forwarded to the
// engine method of the same name, except MAIN_CHANNELS, which main answers itself (dialogs, jobs).
import type { StudioDeps } from './deps'
import { exportHandlers } from './export'
import { forwardToEngine } from './forward'
import { modelHandlers } from './models'
import { renderHandlers } from './render'
import { createRouter, type StudioRouter } from './router'
import { sourceHandlers } from './source'

export function createStudioRouter(deps: StudioDeps): StudioRouter {
  return createRouter({
    ...forwardToEngine(deps),
    ...sourceHandlers(deps),
    ...modelHandlers(deps),
    ...renderHandlers(deps),
    ...exportHandlers(deps),
  })
}

export type { StudioDeps } from './deps'
export type { StudioRouter } from './router'
