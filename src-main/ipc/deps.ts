// What the IPC handlers need from the outside world (injected, so tests and the e2e bridge can supply them).
import type { StudioEventName, StudioEvents } from '../../src-preload/api'
import type { EngineHost } from '../engine/host/client'
import type { EngineMethods } from '../engine/host/handlers'
import type { StudioDialogs } from './dialogs'
import type { ExportDialogs } from './exportDialogs'

export interface StudioDeps {
  /** The engine; it knows the library folder (POSEANIMATE_PROJECTS) and resolves project ids itself. */
  engine: EngineHost<EngineMethods>
  /** Sends an event to every renderer. */
  emit<E extends StudioEventName>(event: E, payload: StudioEvents[E]): void
  /** Open dialogs for images and models; without them those verbs say the page should drop a file instead. */
  openDialogs?: StudioDialogs
  /** Save dialog and file manager for exports; without them export.chooseTarget says it cannot ask. */
  exportDialogs?: ExportDialogs
}
