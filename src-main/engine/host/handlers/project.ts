// project.*: adapters from engine calls to the studio's project-file service (engine/studio/projectFiles.ts).
// A project is named by path (the CLI) or by its id in the studio's library (the server resolves the id).
import type { Keyframe, ProjectDetails, ProjectListing } from '../../../../src-preload/api'
import {
  createProjectFile,
  listProjectFiles,
  projectDetails,
  renameProject,
  saveImportedMotion,
  type NewProjectFile,
} from '../../studio/projectFiles'
import { method } from '../registry'

export const projectMethods = {
  /** Creates `path`, or a new file named after the project in the library folder. */
  'project.create': method<NewProjectFile, ProjectDetails>((request, { engine }) =>
    createProjectFile(engine.projects, engine.paths.projects, request),
  ),

  'project.open': method<{ path: string }, ProjectDetails>(({ path }, { engine }) =>
    projectDetails(engine.projects.get(path)),
  ),

  /** An imported motion (posed frames): it replaces the rig keys, if any (docs/decisions/0260). */
  'project.saveKeyframes': method<{ path: string; keyframes: Keyframe[] }, ProjectDetails>(
    ({ path, keyframes }, { engine }) => saveImportedMotion(engine.projects.get(path), keyframes),
  ),

  /** Gives the project another name; its file (and so its library id) stays as it is. */
  'project.rename': method<{ path: string; name: string }, ProjectDetails>(({ path, name }, { engine }) =>
    renameProject(engine.projects.get(path), name),
  ),

  'project.close': method<{ path: string }, void>(({ path }, { engine }) => engine.projects.close(path)),

  /** Every *.poseanim in a folder (default: the library), newest first; unreadable ones with the reason. */
  'project.list': method<{ dir?: string } | undefined, ProjectListing>((params, { engine }) =>
    listProjectFiles(engine.projects, params?.dir ?? engine.paths.projects),
  ),
}
