// The render preflight the studio shows before a render starts (issue 13): every known reason a render
// would fail, found from the project document alone (no model opened), each with the tab that fixes it.
// The engine's own checks still run when a render opens; these only let the studio say it all at once.
import type { RenderCheck } from '../../../../src-preload/api'
import { projectKeyframes, SOURCE_IMAGE_KIND } from '../../project/projectSetup'
import type { ProjectStore } from '../../store'

/** Reasons `store` cannot render yet, in the order an animator fixes them; empty when none is known. */
export function renderChecks(store: ProjectStore): RenderCheck[] {
  const { settings, fields } = store.document.read()
  const checks: RenderCheck[] = []
  const hasImage = store.assets.list().some((a) => a.kind === SOURCE_IMAGE_KIND)
  if (!hasImage) {
    checks.push({ message: 'The project has no source image: import the character image first.', fix: 'source' })
  }
  if (!settings.prompt.trim()) {
    checks.push({
      message: 'The project has no prompt: describe the picture in the Source tab, e.g. "a man in a park".',
      fix: 'source',
    })
  }
  // The motion is derived from the source image's shape, so it can only be told once the image is there.
  if (hasImage && projectKeyframes(store).length === 0) {
    checks.push({ message: 'The project has no frames of motion: add keys in the Animate tab.', fix: 'animate' })
  }
  if (!fields.model) {
    checks.push({ message: 'The project has no model: choose one in the Models tab.', fix: 'models' })
  }
  return checks
}
