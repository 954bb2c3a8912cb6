// The e2e bridge's stand-in for main's open dialogs: the test says in advance what the "user" picks
// (a file under the test's own folders, or a cancel), and the studio asks exactly as it would in Electron.
import type { OpenDialogRequest, StudioDialogs } from '../../../src-main/ipc/dialogs'
import { ScriptedAnswers } from './scriptedAnswers'

export class ScriptedOpenDialogs implements StudioDialogs {
  /** Every dialog the studio showed, in order. */
  readonly asked: OpenDialogRequest[] = []
  private readonly answers: ScriptedAnswers

  /** `roots`: the only folders the scripted user may pick from. */
  constructor(roots: readonly string[]) {
    this.answers = new ScriptedAnswers(roots)
  }

  /** The next dialog returns `path` (null: the user cancels). */
  answer(path: string | null): void {
    this.answers.push(path)
  }

  async openPath(request: OpenDialogRequest): Promise<string | null> {
    this.asked.push(request)
    return this.answers.next(`the dialog "${request.title}"`)
  }
}
