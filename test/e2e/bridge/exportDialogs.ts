// The e2e bridge's stand-in for main's save dialog and file manager: the test says in advance where the
// "user" saves (a path under the test's own folders, or a cancel); reveals are recorded, not shown.
import type { ExportFormat } from '../../../src-preload/api'
import type { ExportDialogs } from '../../../src-main/ipc/exportDialogs'
import { ScriptedAnswers } from './scriptedAnswers'

export class ScriptedExportDialogs implements ExportDialogs {
  /** Every save dialog the studio showed, in order. */
  readonly asked: { format: ExportFormat; suggestedName: string }[] = []
  /** Every path the studio asked the file manager to show. */
  readonly revealed: string[] = []
  private readonly answers: ScriptedAnswers

  /** `roots`: the only folders the scripted user may save into. */
  constructor(roots: readonly string[]) {
    this.answers = new ScriptedAnswers(roots)
  }

  /** The next save dialog returns `path` (null: the user cancels). */
  answer(path: string | null): void {
    this.answers.push(path)
  }

  async savePath(request: { format: ExportFormat; suggestedName: string }): Promise<string | null> {
    this.asked.push(request)
    return this.answers.next(`the ${request.format} save dialog`)
  }

  reveal(path: string): void {
    this.revealed.push(path)
  }
}
