// render.*: runs a project's render job. The PoseAnimate pipeline (stages 0–4) plugs in here as a
// JobDefinition built from the project (see engine/jobs/types.ts); until it lands, render says so.
import type { JobProgress } from '../../../../src-preload/api'
import { EngineUserError } from '../protocol'
import { method } from '../registry'

export const RENDER_NOT_AVAILABLE =
  'Rendering is not yet available in this build: the PoseAnimate pipeline (stages 0–4) has not landed. ' +
  'The project was opened and left unchanged.'

export const renderMethods = {
  'render.run': method<{ path: string; frames?: number[] }, { computed: number; reused: number }, JobProgress>(
    ({ path }, { engine }) => {
      // A bad project file is reported before anything else (JSON project descriptions such as the
      // bundled demo are read by the pipeline, which is what is missing).
      if (!path.endsWith('.json')) engine.projects.get(path)
      throw new EngineUserError(RENDER_NOT_AVAILABLE)
    },
  ),
}
