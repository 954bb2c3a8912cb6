// Field schemas shared by the channel schemas of several domains (kept apart from schemas.ts so the
// domain schema files can import them without an import cycle).
import { z } from 'zod'

/** A file name inside the library folder: no separators, so it can never point elsewhere. */
export const projectId = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.-]*\.poseanim$/, 'must be a project file name from project.list')
