// The e2e bridge's stand-in for main's open dialogs: the test says in advance what the "user" picks
// (a file under the test's own folders, or a cancel), and the studio asks exactly as it would in Electron.
import { resolve, sep } from 'node:path'
import type { OpenDialogRequest, StudioDialogs } from '../../../src-main/ipc/dialogs'

export class ScriptedOpenDialogs implements StudioDialogs {
  /** Every dialog the studio showed, in order. */
  readonly asked: OpenDialogRequest[] = []
  private readonly answers: (string | null)[] = []

  /** `roots`: the only folders the scripted user may pick from. */
  constructor(private readonly roots: readonly string[]) {}

  /** The next dialog returns `path` (null: the user cancels). */
  answer(path: string | null): void {
    if (path !== null && !this.roots.some((root) => isInside(resolve(path), resolve(root)))) {
      throw new Error(`${path} is outside the test folders (${this.roots.join(', ')})`)
    }
    this.answers.push(path)
  }

  async openPath(request: OpenDialogRequest): Promise<string | null> {
    this.asked.push(request)
    if (this.answers.length === 0) throw new Error(`The test gave no answer for the dialog "${request.title}".`)
    return this.answers.shift()!
  }
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
}
