// project.*: create, open, list and edit project files. A project is named by path (the CLI) or by its
// id in the studio's library (main; the server turns the id into a path, see projectLocation.ts).
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type {
  CreateProjectRequest,
  Keyframe,
  ProjectDetails,
  ProjectListing,
  ProjectSettings,
} from '../../../../src-preload/api'
import { UserError } from '../../errors'
import { projectKeyframes } from '../../project/projectSetup'
import { PROJECT_EXTENSION, type ProjectStore, type StoreSummary } from '../../store'
import { method } from '../registry'
import { updateStudioFields } from './source'

export const projectMethods = {
  /** Creates `path`, or a new file named after the project in the library folder. */
  'project.create': method<CreateProjectRequest & { path?: string }, ProjectDetails>(
    ({ path, name, ...size }, { engine }) => {
      const file = path ?? freeProjectPath(engine.paths.projects, name)
      mkdirSync(dirname(file), { recursive: true })
      const settings: Partial<ProjectSettings> = Object.fromEntries(
        Object.entries(size).filter(([, value]) => value !== undefined),
      )
      return details(engine.projects.create(file, { name, settings }))
    },
  ),

  'project.open': method<{ path: string }, ProjectDetails>(({ path }, { engine }) =>
    details(engine.projects.get(path)),
  ),

  /** An imported motion (posed frames): it replaces the rig keys, if any (docs/decisions/0260). */
  'project.saveKeyframes': method<{ path: string; keyframes: Keyframe[] }, ProjectDetails>(
    ({ path, keyframes }, { engine }) => {
      const store = engine.projects.get(path)
      store.transaction(() => {
        store.keyframes.replaceAll(keyframes)
        updateStudioFields(store, { animation: undefined })
      })
      return details(store)
    },
  ),

  /** Gives the project another name; its file (and so its library id) stays as it is. */
  'project.rename': method<{ path: string; name: string }, ProjectDetails>(({ path, name }, { engine }) => {
    if (!name.trim()) throw new UserError('A project needs a name.')
    const store = engine.projects.get(path)
    store.project.update({ name: name.trim() })
    return details(store)
  }),

  'project.close': method<{ path: string }, void>(({ path }, { engine }) => engine.projects.close(path)),

  /** Every *.poseanim in a folder (default: the library), newest first; unreadable ones with the reason. */
  'project.list': method<{ dir?: string } | undefined, ProjectListing>((params, { engine }) => {
    const listing: ProjectListing = { projects: [], problems: [] }
    for (const path of listProjectFiles(params?.dir ?? engine.paths.projects)) {
      const projectId = basename(path)
      try {
        listing.projects.push({ projectId, ...summaryOf(engine.projects.summary(path)) })
      } catch (err) {
        listing.problems.push({ projectId, error: (err as Error).message })
      }
    }
    listing.projects.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    return listing
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

/** The contract's details of a project: its id is the file name (the library's ids are file names). */
function details(store: ProjectStore): ProjectDetails {
  const record = store.record()
  const summary = { projectId: basename(store.path), ...summaryOf(store.summary()) }
  return { ...summary, settings: record.settings, keyframes: projectKeyframes(store) }
}

function summaryOf({ name, createdAt, updatedAt, keyframeCount }: StoreSummary) {
  return { name, createdAt, updatedAt, keyframeCount }
}
