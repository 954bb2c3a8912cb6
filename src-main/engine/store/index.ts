// Project store: one SQLite file per project. The only part of the app that imports better-sqlite3.
export {
  ProjectStore,
  DEFAULT_PROJECT_SETTINGS,
  type NewProject,
  type StoreOptions,
  type StoreSummary,
} from './projectStore'
export { ProjectFileError, storeErrorOf } from './errors'
export { sqliteVersion } from './database'
export { checkProjectFile, PROJECT_APPLICATION_ID, PROJECT_EXTENSION } from './fileCheck'
export { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations'
export type { Tensor, TensorDType, TensorData } from '../tensor'
export type { CacheEntryInfo, CacheEntryInput } from './repositories/cache'
export type { RenderRecord, RenderStatus } from './repositories/renders'
export type { AssetInfo, AssetInput } from './repositories/assets'
export type { DocumentPatch, ProjectDocument, ProjectDocument as ProjectRecord } from './repositories/projectDocument'
