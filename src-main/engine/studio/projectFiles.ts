// The studio's project files: create, open, list, rename, and an imported motion's save. Paths come from the
// caller (the server turns the studio's project ids into files in the library folder, see projectLocation.ts;
// the CLI takes them from the user). A project's id is its file name.
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { CreateProjectRequest, ProjectDetails, ProjectListing, ProjectSettings } from '../../../src-preload/api'
import type { Keyframe } from '../../../src-preload/document'
import { UserError } from '../errors'
import { projectKeyframes } from '../project/projectSetup'
import { PROJECT_EXTENSION, type NewProject, type ProjectStore, type StoreSummary } from '../store'

/** The engine's open projects, as far as project files need them (host/openProjects.ts). */
export interface OpenProjects {
  create(path: string, init: NewProject): ProjectStore
  summary(path: string): StoreSummary
}

/** A new project: at `path`, or in a new file named after it inside `dir`. */
export type NewProjectFile = CreateProjectRequest & { path?: string }

/** Creates the project file; the size and fps the request leaves out take the document's defaults. */
export function createProjectFile(projects: OpenProjects, dir: string, request: NewProjectFile): ProjectDetails {
  const { path, name, ...size } = request
  const file = path ?? freeProjectPath(dir, name)
  mkdirSync(dirname(file), { recursive: true })
  const settings: Partial<ProjectSettings> = Object.fromEntries(
    Object.entries(size).filter(([, value]) => value !== undefined),
  )
  return projectDetails(projects.create(file, { name, settings }))
}

/** An imported motion (posed frames): it replaces the rig keys, if any, in one transaction (0260). */
export function saveImportedMotion(store: ProjectStore, keyframes: readonly Keyframe[]): ProjectDetails {
  store.transaction(() => {
    store.keyframes.replaceAll(keyframes)
    store.document.patch({ fields: { animation: undefined } })
  })
  return projectDetails(store)
}

/** Another name for the project; its file (and so its library id) stays as it is. */
export function renameProject(store: ProjectStore, name: string): ProjectDetails {
  if (!name.trim()) throw new UserError('A project needs a name.')
  store.document.patch({ name })
  return projectDetails(store)
}

/** Every *.poseanim in a folder, newest first; unreadable files are listed with the reason. */
export function listProjectFiles(projects: OpenProjects, dir: string): ProjectListing {
  const listing: ProjectListing = { projects: [], problems: [] }
  for (const path of projectFilesIn(dir)) {
    const projectId = basename(path)
    try {
      listing.projects.push({ projectId, ...summaryOf(projects.summary(path)) })
    } catch (err) {
      listing.problems.push({ projectId, error: (err as Error).message })
    }
  }
  listing.projects.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
  return listing
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

function projectFilesIn(dir: string): string[] {
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
export function projectDetails(store: ProjectStore): ProjectDetails {
  const { settings } = store.document.read()
  const summary = { projectId: basename(store.path), ...summaryOf(store.summary()) }
  return { ...summary, settings, keyframes: projectKeyframes(store) }
}

function summaryOf({ name, createdAt, updatedAt, keyframeCount }: StoreSummary) {
  return { name, createdAt, updatedAt, keyframeCount }
}
