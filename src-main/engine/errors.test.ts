// asUserError: the one mapping from failures to the user's words (SQLite's and the file system's codes).
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { asUserError, UsageError, UserError } from './errors'

const dir = mkdtempSync(join(tmpdir(), 'pa-errors-'))
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e) // prettier-ignore

describe('asUserError', () => {
  it('passes user errors through and leaves bugs alone', () => {
    const usage = new UsageError('give exactly one project file')
    expect(asUserError(usage)).toBe(usage)
    expect(usage).toBeInstanceOf(UserError)
    expect(asUserError(new TypeError('x is undefined'))).toBeUndefined()
    expect(asUserError(Object.assign(new Error('odd'), { code: 'SQLITE_MISUSE' }))).toBeUndefined()
    expect(asUserError('a string')).toBeUndefined()
  })

  it('names the project file and what to do for SQLite failures', () => {
    const err = (code: string) => Object.assign(new Error('attempt to write a readonly database'), { code })
    const at = { path: '/p/walk.poseanim' }
    expect(asUserError(err('SQLITE_READONLY_DBMOVED'), at)?.message).toMatch(/walk\.poseanim is read-only .*writable/)
    expect(asUserError(err('SQLITE_FULL'), at)?.message).toMatch(/walk\.poseanim: the disk is full/)
    expect(asUserError(err('SQLITE_IOERR_WRITE'), at)?.message).toMatch(/walk\.poseanim: the disk reported an error/)
    expect(asUserError(err('SQLITE_CANTOPEN'), at)?.message).toMatch(/Cannot open project file \/p\/walk/)
    expect(asUserError(err('SQLITE_NOTADB'), at)?.message).toMatch(/damaged .*restore it from a backup/)
  })

  it('names the file of a real fs failure: missing, looping link, folder, not a folder', async () => {
    symlinkSync('loop', join(dir, 'loop'))
    writeFileSync(join(dir, 'file'), 'x')
    const missing = await failure(readFile(join(dir, 'missing.png')))
    expect(asUserError(missing)?.message).toBe(`${join(dir, 'missing.png')} does not exist.`)
    expect(asUserError(await failure(readFile(join(dir, 'loop'))))?.message).toMatch(
      /loop is a symbolic link that loops/,
    )
    expect(asUserError(await failure(readFile(dir)))?.message).toMatch(/is a folder, not a file/)
    expect(asUserError(await failure(writeFile(join(dir, 'file', 'x'), '')))?.message).toMatch(/part of its path is a file/) // prettier-ignore
  })

  it('says the disk is full, read-only or over its size limit for write failures', () => {
    const err = (code: string) => Object.assign(new Error(code), { code, path: '/out/walk.mp4' })
    expect(asUserError(err('ENOSPC'))?.message).toMatch(/Cannot write \/out\/walk\.mp4: the disk is full/)
    expect(asUserError(err('EDQUOT'))?.message).toMatch(/the disk is full/)
    expect(asUserError(err('EFBIG'))?.message).toMatch(/file-size limit/)
    expect(asUserError(err('EROFS'))?.message).toMatch(/the disk is read-only/)
    expect(asUserError(err('EACCES'))?.message).toMatch(/walk\.mp4 cannot be read or written here: permission denied/)
  })
})
