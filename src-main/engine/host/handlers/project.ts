// project.*: create, open, list and edit project files. Paths come from the caller (main resolves
// the renderer's project ids to files in the library folder; the CLI takes them from the user).
import { mkdirSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Keyframe, ProjectSettings } from '../../../../src-preload/api'
import { PROJECT_EXTENSION, type ProjectStore, type StoreSummary } from '../../store'
import { method } from '../registry'

export interface ProjectFileDetails extends StoreSummary {
  path: string
  settings: ProjectSettings
  keyframes: Keyframe[]
}

export type LibraryEntry = { path: string; summary: StoreSummary } | { path: string; error: string }

export const projectMethods = {
  'project.create': method<{ path: string; name: string; settings?: Partial<ProjectSettings> }, ProjectFileDetails>(
    ({ path, name, settings }, { engine }) => {
      mkdirSync(dirname(path), { recursive: true })
      return details(engine.projects.create(path, { name, settings }))
    },
  ),

  'project.open': method<{ path: string }, ProjectFileDetails>(({ path }, { engine }) =>
    details(engine.projects.get(path)),
  ),

  'project.saveKeyframes': method<{ path: string; keyframes: Keyframe[] }, ProjectFileDetails>(
    ({ path, keyframes }, { engine }) => {
      const store = engine.projects.get(path)
      store.keyframes.replaceAll(keyframes)
      return details(store)
    },
  ),

  'project.close': method<{ path: string }, void>(({ path }, { engine }) => engine.projects.close(path)),

  /** Every *.poseanim in a folder, newest first; unreadable files are listed with the reason. */
  'project.list': method<{ dir: string }, LibraryEntry[]>(({ dir }, { engine }) => {
    const entries = listProjectFiles(dir).map((path): LibraryEntry => {
      try {
        return { path, summary: engine.projects.get(path).summary() }
      } catch (err) {
        return { path, error: (err as Error).message }
      }
    })
    const time = (e: LibraryEntry) => ('summary' in e ? e.summary.updatedAt : '')
    return entries.sort((a, b) => time(b).localeCompare(time(a)))
  }),
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
  return { path: store.path, ...store.summary(), settings: record.settings, keyframes: store.keyframes.list() }
}
