// app.*: versions, execution providers and where things live.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AppInfo, ProviderChoiceName, ProviderSetting } from '../../../../src-preload/api'
import { sqliteVersion } from '../../store'
import { probeExecutionProviders } from '../providers'
import { method } from '../registry'

export const appMethods = {
  'app.info': method<undefined, AppInfo>(async (_params, { engine }) => {
    const pkg = readOwnPackageJson()
    const ort = await probeExecutionProviders()
    return {
      version: pkg.version,
      versions: {
        app: pkg.version,
        node: process.versions.node,
        electron: process.versions.electron ?? `not running (built for ${pkg.electron})`,
        onnxruntime: ort.version,
        sqlite: sqliteVersion(),
        platform: `${process.platform}-${process.arch}`,
      },
      executionProviders: ort.providers,
      provider: engine.machine.provider(),
      paths: engine.paths,
    }
  }),

  /** Saves this machine's provider for the renders that start after it (open sessions stay until restart). */
  'app.setProvider': method<{ provider: ProviderChoiceName }, ProviderSetting>(({ provider }, { engine }) =>
    engine.machine.saveProvider(provider),
  ),
}

interface OwnPackage {
  version: string
  electron: string
}

/** Finds our package.json above this module (source tree, out/main bundle or app.asar alike). */
function readOwnPackageJson(): OwnPackage {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'package.json')
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as {
        name?: string
        version: string
        devDependencies?: Record<string, string>
      }
      if (pkg.name === 'poseanimate-studio') {
        return { version: pkg.version, electron: pkg.devDependencies?.electron ?? 'unknown' }
      }
    }
    const parent = dirname(dir)
    if (parent === dir) return { version: 'unknown', electron: 'unknown' }
    dir = parent
  }
}
