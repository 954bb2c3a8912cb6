// Where a call's project lives. The studio names projects by id (a file name in the engine's projects
// folder, POSEANIMATE_PROJECTS or <home>/projects); the CLI and tests name a file by path. The engine
// resolves an id here, once per call, so every method sees a path (docs/decisions/0290-one-verb-table.md).
import { basename, join } from 'node:path'
import { UserError } from '../errors'
import { PROJECT_EXTENSION } from '../store'
import type { EngineContext } from './context'

/** A method's parameters as callers may give them: the project by `path`, or by `projectId` instead. */
export type ByPathOrId<P> = P extends { path: string } ? P | (Omit<P, 'path'> & { projectId: string }) : P

/** The project file of a library id; refuses anything that is not a plain project file name. */
export function projectPathOf(projectId: string, engine: EngineContext): string {
  const plain = projectId === basename(projectId) && !projectId.includes('\\') && !projectId.startsWith('.')
  if (!plain || !projectId.endsWith(PROJECT_EXTENSION)) {
    throw new UserError(`"${projectId}" is not a project of the library: use an id from project.list.`)
  }
  return join(engine.paths.projects, projectId)
}

/** `params` with a `projectId` replaced by the `path` of that project; anything else unchanged. */
export function locateProject(params: unknown, engine: EngineContext): unknown {
  if (typeof params !== 'object' || params === null || !('projectId' in params) || 'path' in params) return params
  const { projectId, ...rest } = params as { projectId: unknown }
  if (typeof projectId !== 'string') throw new UserError('projectId must be a project file name.')
  return { ...rest, path: projectPathOf(projectId, engine) }
}
