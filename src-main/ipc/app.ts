// app.* handlers.
import type { StudioDeps } from './deps'
import type { StudioHandlers } from './router'

export function appHandlers({ engine }: StudioDeps): Pick<StudioHandlers, 'app.info'> {
  return { 'app.info': () => engine.call('app.info', {}) }
}
