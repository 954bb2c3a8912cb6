// One project = one SQLite file (*.poseanim). ProjectStore bundles the connection and its repositories.
import type { ProjectSettings, RigAnimation } from '../../../src-preload/api'
import { rigMotionLength } from '../../../src-preload/motion/rigAnimation'
import { createProjectDatabase, openProjectDatabase, type Db } from './database'
import { explainSqliteError, ProjectFileError, withStoreErrors } from './errors'
import { AssetRepository } from './repositories/assets'
import { CacheRepository, DEFAULT_CACHE_BYTES } from './repositories/cache'
import { KeyframeRepository } from './repositories/keyframes'
import { ProjectRepository, type ProjectRecord } from './repositories/project'
import { RenderRepository } from './repositories/renders'

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = { fps: 12, width: 512, height: 512, prompt: '' }

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
  readonly project: ProjectRepository
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
    this.project = withStoreErrors(new ProjectRepository(db), path)
    const touch = () => this.project.touch()
    this.keyframes = withStoreErrors(new KeyframeRepository(db, touch), path)
    this.assets = withStoreErrors(new AssetRepository(db, touch), path)
    this.renders = withStoreErrors(new RenderRepository(db), path)
    this.cache = withStoreErrors(new CacheRepository(db, options.cacheMaxBytes ?? DEFAULT_CACHE_BYTES), path)
  }

  static create(path: string, init: NewProject, options: StoreOptions = {}): ProjectStore {
    const name = init.name.trim()
    if (!name) throw new ProjectFileError('A project needs a name.')
    const settings = { ...DEFAULT_PROJECT_SETTINGS, ...init.settings }
    const db = createProjectDatabase(path, (fresh) => new ProjectRepository(fresh).insert(name, settings))
    return new ProjectStore(path, db, options)
  }

  static open(path: string, options: StoreOptions = {}): ProjectStore {
    const store = new ProjectStore(path, openProjectDatabase(path), options)
    if (!store.project.find()) {
      store.close()
      throw new ProjectFileError(`Project file ${path} is damaged: it has no project record.`)
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

  record(): ProjectRecord {
    const record = this.project.find()
    if (!record) throw new ProjectFileError(`Project file ${this.path} is damaged: it has no project record.`)
    return record
  }

  summary(): StoreSummary {
    const { name, createdAt, updatedAt, settings } = this.record()
    const animation = (settings as { render?: { animation?: RigAnimation } }).render?.animation
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
