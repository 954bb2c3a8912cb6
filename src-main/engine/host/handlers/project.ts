// project.*: create, open, list and edit project files. Paths come from the caller (main resolves
// the renderer's project ids to files in the library folder; the CLI takes them from the user).
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Keyframe, ProjectSettings } from '../../../../src-preload/api'
import { projectKeyframes } from '../../project/projectSetup'
import { PROJECT_EXTENSION, type ProjectStore, type StoreSummary } from '../../store'
import { method } from '../registry'
import { updateStudioFields } from './source'

export interface ProjectFileDetails extends StoreSummary {
  path: string
  settings: ProjectSettings
  /** The motion: the frames derived from the rig keys, or an imported motion's keyframes. */
  keyframes: Keyframe[]
}

export type LibraryEntry = { path: string; summary: StoreSummary } | { path: string; error: string }

export const projectMethods = {
  /** Creates `path`, or a new file named after the project inside `dir`. */
  'project.create': method<
    { name: string; settings?: Partial<ProjectSettings> } & ({ path: string } | { dir: string }),
    ProjectFileDetails
  >((params, { engine }) => {
    const path = 'path' in params ? params.path : freeProjectPath(params.dir, params.name)
    mkdirSync(dirname(path), { recursive: true })
    return details(engine.projects.create(path, { name: params.name, settings: params.settings }))
  }),

  'project.open': method<{ path: string }, ProjectFileDetails>(({ path }, { engine }) =>
    details(engine.projects.get(path)),
  ),

  /** An imported motion (posed frames): it replaces the rig keys, if any (docs/decisions/0260). */
  'project.saveKeyframes': method<{ path: string; keyframes: Keyframe[] }, ProjectFileDetails>(
    ({ path, keyframes }, { engine }) => {
      const store = engine.projects.get(path)
      store.transaction(() => {
        store.keyframes.replaceAll(keyframes)
        updateStudioFields(store, { animation: undefined })
      })
      return details(store)
    },
  ),

  'project.close': method<{ path: string }, void>(({ path }, { engine }) => engine.projects.close(path)),

  /** Every *.poseanim in a folder, newest first; unreadable files are listed with the reason. */
  'project.list': method<{ dir: string }, LibraryEntry[]>(({ dir }, { engine }) => {
    const entries = listProjectFiles(dir).map((path): LibraryEntry => {
      try {
        return { path, summary: engine.projects.summary(path) }
      } catch (err) {
        return { path, error: (err as Error).message }
      }
    })
    const time = (e: LibraryEntry) => ('summary' in e ? e.summary.updatedAt : '')
    return entries.sort((a, b) => time(b).localeCompare(time(a)))
  }),
}

/** `<dir>/<slug of name>.poseanim`, with -2, -3 … when taken. */
export function freeProjectPath(dir: string, name: string): string {
  const slug =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'project'
  for (let n = 1; ; n++) {
    const path = join(dir, `${slug}${n === 1 ? '' : `-${n}`}${PROJECT_EXTENSION}`)
    if (!existsSync(path)) return path
  }
}

function listProjectFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(PROJECT_EXTENSION))
      .map((e) => join(dir, e.name))
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return []
    throw err
  }
}

function details(store: ProjectStore): ProjectFileDetails {
  const record = store.record()
  return { path: store.path, ...store.summary(), settings: record.settings, keyframes: projectKeyframes(store) }
}
