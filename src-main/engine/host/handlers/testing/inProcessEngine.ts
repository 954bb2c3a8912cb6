// Engine methods run in-process for tests, with the minimal context the engine process would give them:
// a temporary studio home and the open projects. Both go when the test file's tests end.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import type { EngineContext } from '../../context'
import { MachineSettingsFile } from '../../machineSettings'
import { OpenProjects } from '../../openProjects'
import { locateProject } from '../../projectLocation'
import type { MethodMap } from '../../registry'

export function useInProcessEngine(prefix: string, methods: MethodMap) {
  const home = mkdtempSync(join(tmpdir(), prefix))
  const engine: EngineContext = {
    paths: { data: home, projects: home, models: home, compiledGraphs: join(home, 'compiled') },
    projects: new OpenProjects(),
    machine: new MachineSettingsFile(home, {}),
  }
  afterAll(() => {
    engine.projects.closeAll()
    rmSync(home, { recursive: true, force: true })
  })

  /** Runs one method by name, as the engine would for a call from the host (a project id becomes its path). */
  async function call<T>(name: string, params?: object): Promise<T> {
    const ctx = { signal: new AbortController().signal, progress: () => {}, engine }
    return (await methods[name].run(locateProject(params, engine), ctx)) as T
  }

  return { home, engine, call }
}
