// What the scripted "user" answers in main's dialogs, given by the test in advance: a path under the test's
// own folders, or null for a cancel. Shared by the open and the save dialogs' stand-ins.
import { resolve, sep } from 'node:path'

export class ScriptedAnswers {
  private readonly answers: (string | null)[] = []

  /** `roots`: the only folders the scripted user may pick from or save into. */
  constructor(private readonly roots: readonly string[]) {}

  /** The next dialog returns `path` (null: the user cancels). */
  push(path: string | null): void {
    if (path !== null && !this.roots.some((root) => isInside(resolve(path), resolve(root)))) {
      throw new Error(`${path} is outside the test folders (${this.roots.join(', ')})`)
    }
    this.answers.push(path)
  }

  /** The answer for the dialog `what`, which the test must have given. */
  next(what: string): string | null {
    if (this.answers.length === 0) throw new Error(`The test gave no answer for ${what}.`)
    return this.answers.shift()!
  }
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
}
