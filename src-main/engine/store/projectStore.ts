// One project = one SQLite file (*.poseanim). ProjectStore bundles the connection and its repositories.
import { DEFAULT_PROJECT_SETTINGS, type ProjectSettings } from '../../../src-preload/document'
import { rigMotionLength } from '../../../src-preload/motion/rigAnimation'
import { createProjectDatabase, openProjectDatabase, type Db } from './database'
import { explainSqliteError, ProjectFileError, withStoreErrors } from './errors'
import { AssetRepository } from './repositories/assets'
import { CacheRepository, DEFAULT_CACHE_BYTES } from './repositories/cache'
import { KeyframeRepository } from './repositories/keyframes'
import { ProjectRowRepository } from './repositories/project'
import { ProjectDocumentRepository, type ProjectDocument } from './repositories/projectDocument'
import { RenderRepository } from './repositories/renders'

export { DEFAULT_PROJECT_SETTINGS }

export interface StoreOptions {
  /** Upper bound of the tensor cache in bytes; least recently used entries are evicted beyond it. */
  cacheMaxBytes?: number
}

export interface NewProject {
  name: string
  settings?: Partial<ProjectSettings>
}

export interface StoreSummary {
  name: string
  createdAt: string
  updatedAt: string
  /** Frames of motion: the span of the rig keys, else the rows of an imported motion (docs/decisions/0260). */
  keyframeCount: number
}

export class ProjectStore {
  /** The project's name, settings and fields, typed and validated (decision 0280). */
  readonly document: ProjectDocumentRepository
  readonly keyframes: KeyframeRepository
  readonly assets: AssetRepository
  readonly renders: RenderRepository
  readonly cache: CacheRepository

  private constructor(
    readonly path: string,
    private readonly db: Db,
    options: StoreOptions,
  ) {
    // Every repository call turns SQLite's read-only / full / I/O failures into a ProjectFileError naming this file.
    const rows = withStoreErrors(new ProjectRowRepository(db), path)
    this.document = withStoreErrors(new ProjectDocumentRepository(db, rows, path), path)
    const touch = () => rows.touch()
    this.keyframes = withStoreErrors(new KeyframeRepository(db, touch), path)
    this.assets = withStoreErrors(new AssetRepository(db, touch), path)
    this.renders = withStoreErrors(new RenderRepository(db), path)
    this.cache = withStoreErrors(new CacheRepository(db, options.cacheMaxBytes ?? DEFAULT_CACHE_BYTES), path)
  }

  static create(path: string, init: NewProject, options: StoreOptions = {}): ProjectStore {
    const name = init.name.trim()
    if (!name) throw new ProjectFileError('A project needs a name.')
    const settings = ProjectDocumentRepository.checkNew({ ...DEFAULT_PROJECT_SETTINGS, ...init.settings })
    const db = createProjectDatabase(path, (fresh) => new ProjectRowRepository(fresh).insert(name, settings))
    return new ProjectStore(path, db, options)
  }

  static open(path: string, options: StoreOptions = {}): ProjectStore {
    const store = new ProjectStore(path, openProjectDatabase(path), options)
    try {
      store.document.read() // no record, or settings this version cannot use: refused now, not mid-render
    } catch (err) {
      store.close()
      throw err
    }
    return store
  }

  /** Reads a project's summary and closes it again (for library listings). */
  static readSummary(path: string): StoreSummary {
    const store = ProjectStore.open(path)
    try {
      return store.summary()
    } finally {
      store.close()
    }
  }

  /** The project document (name, settings, fields), validated. */
  record(): ProjectDocument {
    return this.document.read()
  }

  summary(): StoreSummary {
    const { name, createdAt, updatedAt, fields } = this.document.read()
    const animation = fields.animation
    return {
      name,
      createdAt,
      updatedAt,
      keyframeCount: animation ? rigMotionLength(animation) : this.keyframes.count(),
    }
  }

  /** Runs fn in one transaction (nested repository writes become savepoints). */
  transaction<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn)()
    } catch (err) {
      return explainSqliteError(this.path, err)
    }
  }

  /** SQLite's own consistency check: 'ok' when the file is sound. */
  integrityCheck(): string {
    return (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ')
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
