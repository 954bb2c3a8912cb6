// Public surface of the source panel for the app shell.

export { AnimatePanel } from './AnimatePanel'
export { SourcePanel } from './SourcePanel'
export { useSource, type SourceController } from './useSource'
export { useProjectAnimation, type ProjectAnimation } from './useProjectAnimation'
