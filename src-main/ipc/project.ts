// project.* handlers: translate library ids to files and forward to the engine. No SQL here.
import { basename, join } from 'node:path'
import type { ProjectDetails, ProjectListing, ProjectSummary } from '../../src-preload/api'
import type { ProjectFileDetails } from '../engine/host/handlers/project'
import type { StudioDeps } from './deps'
import type { StudioHandlers } from './router'

type ProjectHandlers = Pick<
  StudioHandlers,
  'project.list' | 'project.create' | 'project.open' | 'project.saveKeyframes'
>

export function projectHandlers({ engine, libraryDir }: StudioDeps): ProjectHandlers {
  const pathOf = (projectId: string) => join(libraryDir, projectId)
  return {
    'project.list': async () => {
      const entries = await engine.call('project.list', { dir: libraryDir })
      const listing: ProjectListing = { projects: [], problems: [] }
      for (const entry of entries) {
        const projectId = basename(entry.path)
        if ('error' in entry) listing.problems.push({ projectId, error: entry.error })
        else listing.projects.push({ projectId, ...entry.summary })
      }
      return listing
    },
    'project.create': async ({ name, fps, width, height }) => {
      const settings = { ...(fps && { fps }), ...(width && { width }), ...(height && { height }) }
      return toDetails(await engine.call('project.create', { dir: libraryDir, name, settings }))
    },
    'project.open': async ({ projectId }) => toDetails(await engine.call('project.open', { path: pathOf(projectId) })),
    'project.saveKeyframes': async ({ projectId, keyframes }) =>
      toDetails(await engine.call('project.saveKeyframes', { path: pathOf(projectId), keyframes })),
  }
}

function toDetails({ path, ...rest }: ProjectFileDetails): ProjectDetails {
  const summary: ProjectSummary = {
    projectId: basename(path),
    name: rest.name,
    createdAt: rest.createdAt,
    updatedAt: rest.updatedAt,
    keyframeCount: rest.keyframeCount,
  }
  return { ...summary, settings: rest.settings, keyframes: rest.keyframes }
}
