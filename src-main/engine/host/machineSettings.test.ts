// The machine's provider setting: saved atomically in <data>/settings.json, read back by a new engine,
// overridden by POSEANIMATE_PROVIDER for one process, and a damaged file is named, never silently reset.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { UserError } from '../errors'
import { appMethods } from './handlers/app'
import { useInProcessEngine } from './handlers/testing/inProcessEngine'
import { MachineSettingsFile } from './machineSettings'

const dirs: string[] = []
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pa-machine-'))
  dirs.push(dir)
  return dir
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

describe('the machine settings file', () => {
  it('defaults to auto with no file, saves a choice a new reader sees, and leaves no temporary file', () => {
    const dir = freshDir()
    expect(new MachineSettingsFile(dir, {}).provider()).toMatchObject({ choice: 'auto', from: 'settings' })
    expect(new MachineSettingsFile(dir, {}).saveProvider('webgpu')).toEqual({
      choice: 'webgpu',
      saved: 'webgpu',
      from: 'settings',
      order: ['webgpu', 'cpu'],
    })
    expect(new MachineSettingsFile(dir, {}).provider().choice).toBe('webgpu')
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ provider: 'webgpu' })
    expect(readdirSync(dir)).toEqual(['settings.json'])
  })

  it('lets POSEANIMATE_PROVIDER override the saved choice for its process only', () => {
    const dir = freshDir()
    new MachineSettingsFile(dir, {}).saveProvider('webgpu')
    const overridden = new MachineSettingsFile(dir, { POSEANIMATE_PROVIDER: 'cpu' }).provider()
    expect(overridden).toEqual({ choice: 'cpu', saved: 'webgpu', from: 'environment', order: ['cpu'] })
    expect(() => new MachineSettingsFile(dir, { POSEANIMATE_PROVIDER: 'tpu' }).provider()).toThrow(
      /POSEANIMATE_PROVIDER must be one of auto, cuda, webgpu, dml, cpu, got "tpu"/,
    )
  })

  it('names a damaged file instead of rendering on a guess, and keeps it', () => {
    const dir = freshDir()
    const file = join(dir, 'settings.json')
    for (const damaged of ['{"provider": "quantum"}', '{"prov', '']) {
      writeFileSync(file, damaged)
      const read = () => new MachineSettingsFile(dir, {}).provider()
      expect(read).toThrow(UserError)
      expect(read).toThrow(`${file} is damaged (not this app's settings): delete it to go back to the defaults.`)
      expect(readFileSync(file, 'utf8')).toBe(damaged)
    }
  })
})

describe('app.setProvider', () => {
  const { call } = useInProcessEngine('pa-set-provider-', appMethods)
  it('saves the choice, and app.info reports it as the provider renders use', async () => {
    expect(await call('app.setProvider', { provider: 'cpu' })).toMatchObject({ choice: 'cpu', order: ['cpu'] })
    const info = await call<{ provider: object }>('app.info')
    expect(info.provider).toEqual({ choice: 'cpu', saved: 'cpu', from: 'settings', order: ['cpu'] })
  })
})
