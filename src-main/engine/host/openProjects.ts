// Projects the engine process has open, by absolute path. One connection per file for the process.
import { resolve } from 'node:path'
import { ProjectStore, type NewProject, type StoreSummary } from '../store'

export class OpenProjects {
  private readonly stores = new Map<string, ProjectStore>()

  get(path: string): ProjectStore {
    const key = resolve(path)
    let store = this.stores.get(key)
    if (!store) {
      store = ProjectStore.open(key)
      this.stores.set(key, store)
    }
    return store
  }

  create(path: string, init: NewProject): ProjectStore {
    const key = resolve(path)
    const store = ProjectStore.create(key, init)
    this.stores.set(key, store)
    return store
  }

  /** A project's summary without keeping it open (library listings touch many files). */
  summary(path: string): StoreSummary {
    const key = resolve(path)
    return this.stores.get(key)?.summary() ?? ProjectStore.readSummary(key)
  }

  isOpen(path: string): boolean {
    return this.stores.has(resolve(path))
  }

  close(path: string): void {
    const key = resolve(path)
    this.stores.get(key)?.close()
    this.stores.delete(key)
  }

  closeAll(): void {
    for (const store of this.stores.values()) store.close()
    this.stores.clear()
  }
}
