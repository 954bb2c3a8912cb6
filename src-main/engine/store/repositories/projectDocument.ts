// The project document, typed: the settings row read back through the document's schema (src-preload/
// document) and patched in one transaction, so every field a render or a panel keeps has one shape and
// one set of bounds (decision 0280). The row's stored shape is unchanged (0130): { fps, width, height,
// prompt, render: DocumentFields }; fields this version does not know are kept as they are.
import type { z } from 'zod'
import {
  projectSettingsSchema,
  storedSettingsSchema,
  type DocumentFields,
  type ProjectSettings,
} from '../../../../src-preload/document'
import type { Db } from '../database'
import { ProjectFileError } from '../errors'
import type { ProjectRowRepository } from './project'

export interface ProjectDocument {
  name: string
  settings: ProjectSettings
  /** What renders and the studio's panels keep beside the settings (stored as settings.render). */
  fields: DocumentFields
  createdAt: string
  updatedAt: string
}

/** A change: the name, some settings and some fields (a field set to undefined is removed). */
export interface DocumentPatch {
  name?: string
  settings?: Partial<ProjectSettings>
  fields?: { [K in keyof DocumentFields]?: DocumentFields[K] | undefined }
  /** The fields become exactly `fields` (a project JSON's import: the JSON is the whole truth). */
  replaceFields?: boolean
}

type StoredSettings = z.infer<typeof storedSettingsSchema>

export class ProjectDocumentRepository {
  constructor(
    private readonly db: Db,
    private readonly rows: ProjectRowRepository,
    private readonly path: string,
  ) {}

  /** The document, validated; a damaged or out-of-bounds settings row is refused with the fields named. */
  read(): ProjectDocument {
    const { row, stored } = this.readStored()
    const { fps, width, height, prompt, render } = stored
    const settings = { fps, width, height, prompt }
    return { name: row.name, settings, fields: render ?? {}, createdAt: row.createdAt, updatedAt: row.updatedAt }
  }

  fields(): DocumentFields {
    return this.read().fields
  }

  /**
   * Applies a change in one transaction (a savepoint inside the caller's). A function receives the document
   * as it stands inside that transaction, for read-modify-write changes. The result is validated before
   * anything is written.
   */
  patch(change: DocumentPatch | ((current: ProjectDocument) => DocumentPatch)): ProjectDocument {
    return this.db.transaction(() => {
      const { row, stored } = this.readStored()
      const patch = typeof change === 'function' ? change(this.read()) : change
      const mergedFields = patch.replaceFields ? { ...patch.fields } : { ...stored.render, ...patch.fields }
      const render = Object.fromEntries(Object.entries(mergedFields).filter(([, v]) => v !== undefined))
      const next = { ...stored, ...patch.settings, render }
      const checked = storedSettingsSchema.safeParse(next)
      if (!checked.success) throw new ProjectFileError(`Cannot save the project: ${issuesOf(checked.error)}`)
      this.rows.write(patch.name?.trim() || row.name, checked.data)
      return this.read()
    })()
  }

  /** Checks new-project settings (ProjectStore.create); the user's words when they are out of bounds. */
  static checkNew(settings: ProjectSettings): ProjectSettings {
    const checked = projectSettingsSchema.safeParse(settings)
    if (!checked.success) throw new ProjectFileError(`Invalid project settings — ${issuesOf(checked.error)}`)
    return checked.data
  }

  private readStored(): { row: NonNullable<ReturnType<ProjectRowRepository['find']>>; stored: StoredSettings } {
    const row = this.rows.find()
    if (!row) throw new ProjectFileError(`Project file ${this.path} is damaged: it has no project record.`)
    const stored = storedSettingsSchema.safeParse(row.settings)
    if (!stored.success) {
      throw new ProjectFileError(
        `Project file ${this.path} holds settings this version cannot use (${issuesOf(stored.error)}); ` +
          'it may have been edited by hand or by a newer PoseAnimate Studio.',
      )
    }
    return { row, stored: stored.data }
  }
}

/** "width: must be a multiple of 8; render.sourcePose.0.x: Too big: …" */
function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'settings'}: ${i.message}`).join('; ')
}
