// The e2e bridge's stand-in for main's save dialog and file manager: the test says in advance where the
// "user" saves (a path under the test's own folders, or a cancel); reveals are recorded, not shown.
import { resolve, sep } from 'node:path'
import type { ExportFormat } from '../../../src-preload/api'
import type { ExportDialogs } from '../../../src-main/ipc/exportDialogs'

export class ScriptedExportDialogs implements ExportDialogs {
  /** Every save dialog the studio showed, in order. */
  readonly asked: { format: ExportFormat; suggestedName: string }[] = []
  /** Every path the studio asked the file manager to show. */
  readonly revealed: string[] = []
  private readonly answers: (string | null)[] = []

  /** `roots`: the only folders the scripted user may save into. */
  constructor(private readonly roots: readonly string[]) {}

  /** The next save dialog returns `path` (null: the user cancels). */
  answer(path: string | null): void {
    if (path !== null && !this.roots.some((root) => isInside(resolve(path), resolve(root)))) {
      throw new Error(`${path} is outside the test folders (${this.roots.join(', ')})`)
    }
    this.answers.push(path)
  }

  async savePath(request: { format: ExportFormat; suggestedName: string }): Promise<string | null> {
    this.asked.push(request)
    if (this.answers.length === 0) throw new Error(`The test gave no answer for the ${request.format} save dialog.`)
    return this.answers.shift()!
  }

  reveal(path: string): void {
    this.revealed.push(path)
  }
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
}
