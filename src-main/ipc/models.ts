// models.* and pata.* handlers: the model choice (dialogs in main, validation in the engine) and the
// PATA preview and options.
import { join } from 'node:path'
import type { StudioDeps } from './deps'
import { MODEL_FILTERS } from './dialogs'
import type { HandlersOf } from './router'
import { askForPath } from './source'

export function modelHandlers(deps: StudioDeps): HandlersOf<'models'> {
  const { engine } = deps
  const pathOf = (projectId: string) => join(deps.libraryDir, projectId)
  return {
    'models.get': ({ projectId }) => engine.call('models.get', { path: pathOf(projectId) }),
    'models.choose': async ({ projectId, role, folder }) => {
      const title =
        role === 'checkpoint'
          ? `Choose the Stable Diffusion 1.5 checkpoint${folder ? ' (diffusers folder)' : ''}`
          : 'Choose the ControlNet OpenPose model'
      const file = await askForPath(deps, { title, filters: MODEL_FILTERS, folder })
      return file === null ? null : engine.call('models.chooseFile', { path: pathOf(projectId), role, file })
    },
    'models.useDemo': ({ projectId }) => engine.call('models.useDemo', { path: pathOf(projectId) }),
  }
}

export function pataHandlers({ engine, libraryDir }: StudioDeps): HandlersOf<'pata'> {
  return {
    'pata.preview': ({ projectId, options }) =>
      engine.call('pata.preview', { path: join(libraryDir, projectId), options }),
    'pata.saveOptions': ({ projectId, options }) =>
      engine.call('pata.saveOptions', { path: join(libraryDir, projectId), options }),
  }
}
