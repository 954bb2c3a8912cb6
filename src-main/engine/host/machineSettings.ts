// This machine's settings file (<data>/settings.json, schema in src-preload/document/machineSettings.ts):
// today the execution provider the studio's models panel picks. POSEANIMATE_PROVIDER (the CLI's --provider
// sets it) wins over the file for the process it is given to, so one run can try another provider without
// changing what the studio uses.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { ProviderSetting } from '../../../src-preload/api'
import { machineSettingsSchema, type MachineSettings } from '../../../src-preload/document/machineSettings'
import { asUserError, UserError } from '../errors'
import { PROVIDER_ENV, parseProviderChoice, providerOrder, type ProviderChoice } from '../runtime'

export class MachineSettingsFile {
  readonly path: string
  constructor(
    dataDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.path = join(dataDir, 'settings.json')
  }

  /** The saved settings; a missing file means the defaults, a damaged one is a user error naming it. */
  read(): MachineSettings {
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return machineSettingsSchema.parse({})
      throw asUserError(err, { path: this.path }) ?? err
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    const parsed = machineSettingsSchema.safeParse(json)
    if (!parsed.success) {
      throw new UserError(`${this.path} is damaged (not this app's settings): delete it to go back to the defaults.`)
    }
    return parsed.data
  }

  /** Saves the provider; written to a temporary file first, so a crash leaves the old file whole. */
  saveProvider(provider: ProviderChoice): ProviderSetting {
    const next = { ...this.read(), provider }
    mkdirSync(dirname(this.path), { recursive: true })
    const temp = `${this.path}.${process.pid}.tmp`
    try {
      writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`)
      renameSync(temp, this.path)
    } catch (err) {
      throw asUserError(err, { path: this.path }) ?? err
    }
    return this.provider()
  }

  /** The provider renders use: the environment's when set, else the saved one, else auto. */
  provider(): ProviderSetting {
    const fromEnv = this.env[PROVIDER_ENV]
    const saved = this.read().provider
    const choice = fromEnv ? parseProviderChoice(fromEnv, PROVIDER_ENV) : saved
    return { choice, saved, from: fromEnv ? 'environment' : 'settings', order: providerOrder(choice) }
  }
}
