// source.importImage: main's open dialog picks the file, the engine imports it. (The other source.*
// and animation.* channels go straight to the engine: see forward.ts.)
import type { StudioDeps } from './deps'
import { IMAGE_FILTERS, type OpenDialogRequest } from './dialogs'
import { IpcUserError, type StudioHandlers } from './router'

export function sourceHandlers(deps: StudioDeps): Pick<StudioHandlers, 'source.importImage'> {
  return {
    'source.importImage': async ({ projectId }) => {
      const file = await askForPath(deps, { title: 'Import a character image', filters: IMAGE_FILTERS })
      return file === null ? null : deps.engine.call('source.importFile', { projectId, file })
    },
  }
}

/** Runs an open dialog in main; null when the user cancelled. */
export async function askForPath(deps: StudioDeps, request: OpenDialogRequest): Promise<string | null> {
  if (!deps.openDialogs) {
    throw new IpcUserError('This window cannot show file dialogs; drop the file onto the panel instead.')
  }
  return deps.openDialogs.openPath(request)
}
