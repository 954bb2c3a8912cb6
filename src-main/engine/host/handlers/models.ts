// models.*: adapters from engine calls to the studio's model choice (engine/studio/models.ts).
import type { ModelRole, ModelsState } from '../../../../src-preload/api'
import { chooseModelFile, modelsState, useDemoModel } from '../../studio/models'
import { method } from '../registry'

export const modelMethods = {
  'models.get': method<{ path: string }, ModelsState>(({ path }, { engine }) => modelsState(engine.projects.get(path))),

  /** Validates `file` for `role` and saves it as the project's choice. */
  'models.chooseFile': method<{ path: string; role: ModelRole; file: string }, ModelsState>(
    ({ path, role, file }, { engine }) => chooseModelFile(engine.projects.get(path), role, file),
  ),

  'models.useDemo': method<{ path: string }, ModelsState>(({ path }, { engine }) =>
    useDemoModel(engine.projects.get(path)),
  ),
}
