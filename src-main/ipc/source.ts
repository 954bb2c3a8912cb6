// source.* and animation.* handlers: project ids become files, dialogs run here, the engine does the work.
import { join } from 'node:path'
import type { StudioDeps } from './deps'
import { IMAGE_FILTERS, type OpenDialogRequest } from './dialogs'
import { IpcUserError, type HandlersOf } from './router'

export function sourceHandlers(deps: StudioDeps): HandlersOf<'source'> {
  const { engine } = deps
  const pathOf = (projectId: string) => join(deps.libraryDir, projectId)
  return {
    'source.get': ({ projectId }) => engine.call('source.get', { path: pathOf(projectId) }),
    'source.importImage': async ({ projectId }) => {
      const file = await askForPath(deps, { title: 'Import a character image', filters: IMAGE_FILTERS })
      return file === null ? null : engine.call('source.importFile', { path: pathOf(projectId), file })
    },
    'source.importImageBytes': ({ projectId, name, dataBase64 }) =>
      engine.call('source.importBytes', { path: pathOf(projectId), name, dataBase64 }),
    'source.image': ({ projectId }) => engine.call('source.image', { path: pathOf(projectId) }),
    'source.detectPose': ({ projectId }) => engine.call('source.detectPose', { path: pathOf(projectId) }),
    'source.savePose': ({ projectId, pose }) => engine.call('source.savePose', { path: pathOf(projectId), pose }),
    'source.segmentMask': ({ projectId }) => engine.call('source.segmentMask', { path: pathOf(projectId) }),
    'source.mask': ({ projectId }) => engine.call('source.mask', { path: pathOf(projectId) }),
    'source.saveMask': ({ projectId, ...mask }) => engine.call('source.saveMask', { path: pathOf(projectId), ...mask }),
    'source.saveText': ({ projectId, prompt, characterWords }) =>
      engine.call('source.saveText', { path: pathOf(projectId), prompt, characterWords }),
  }
}

export function animationHandlers({ engine, libraryDir }: StudioDeps): HandlersOf<'animation'> {
  return {
    'animation.get': ({ projectId }) => engine.call('animation.get', { path: join(libraryDir, projectId) }),
    'animation.save': ({ projectId, ...animation }) =>
      engine.call('animation.save', { path: join(libraryDir, projectId), animation }),
  }
}

/** Runs an open dialog in main; null when the user cancelled. */
export async function askForPath(deps: StudioDeps, request: OpenDialogRequest): Promise<string | null> {
  if (!deps.openDialogs) {
    throw new IpcUserError('This window cannot show file dialogs; drop the file onto the panel instead.')
  }
  return deps.openDialogs.openPath(request)
}
