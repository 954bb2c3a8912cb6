// models.choose: main's open dialog picks the checkpoint or ControlNet, the engine validates and saves
// the choice. (models.get, models.useDemo and pata.* go straight to the engine: see forward.ts.)
import type { StudioDeps } from './deps'
import { MODEL_FILTERS } from './dialogs'
import type { StudioHandlers } from './router'
import { askForPath } from './source'

export function modelHandlers(deps: StudioDeps): Pick<StudioHandlers, 'models.choose'> {
  return {
    'models.choose': async ({ projectId, role, folder }) => {
      const title =
        role === 'checkpoint'
          ? `Choose the Stable Diffusion 1.5 checkpoint${folder ? ' (diffusers folder)' : ''}`
          : 'Choose the ControlNet OpenPose model'
      const file = await askForPath(deps, { title, filters: MODEL_FILTERS, folder })
      return file === null ? null : deps.engine.call('models.chooseFile', { projectId, role, file })
    },
  }
}
