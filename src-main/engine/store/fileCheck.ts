// Decides from the file's first 100 bytes whether it can be a PoseAnimate project, before SQLite
// ever opens it, so a wrong file is reported clearly and left byte-for-byte untouched.
// Header layout: https://www.sqlite.org/fileformat2.html §1.3.
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { describePathProblem } from '../pathProblem'
import { ProjectFileError } from './errors'
import { committedWalPages } from './walCheck'

/** PRAGMA application_id of every project file: 'PANM' as a big-endian uint32. */
export const PROJECT_APPLICATION_ID = 0x50414e4d
export const PROJECT_EXTENSION = '.poseanim'

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
const HEADER_BYTES = 100

/** Throws a ProjectFileError saying what the file is instead, or returns when it looks like a project. */
export function checkProjectFile(path: string): void {
  const size = fileSize(path)
  const header = readHeader(path, Math.min(size, HEADER_BYTES))
  if (size < HEADER_BYTES || !header.subarray(0, 16).equals(SQLITE_MAGIC)) {
    throw new ProjectFileError(`${path} is not a PoseAnimate project: ${describeForeignFile(header, size)}.`)
  }
  if (header.readUInt32BE(68) !== PROJECT_APPLICATION_ID) {
    throw new ProjectFileError(`${path} is not a PoseAnimate project: it is an SQLite database of another application.`)
  }
  const expected = expectedSize(header)
  if (expected !== null && size < expected && !walHoldsTheRest(path, header, size)) {
    throw new ProjectFileError(
      `Project file ${path} is truncated (${size} bytes, its header says ${expected}); restore it from a backup.`,
    )
  }
}

function fileSize(path: string): number {
  let stat
  try {
    stat = statSync(path)
  } catch (err) {
    const problem = describePathProblem(path, err)
    throw new ProjectFileError(problem?.endsWith('does not exist') ? `No project file at ${path}.` : `${problem}.`)
  }
  if (!stat.isFile()) throw new ProjectFileError(`${path} is not a file.`)
  return stat.size
}

function readHeader(path: string, length: number): Buffer {
  const header = Buffer.alloc(length)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, header, 0, length, 0)
  } finally {
    closeSync(fd)
  }
  return header
}

/** True when every page past the end of the main file is in a committed frame of the write-ahead log. */
function walHoldsTheRest(path: string, header: Buffer, size: number): boolean {
  const pageSize = pageSizeOf(header)
  const pageCount = header.readUInt32BE(28)
  const inLog = committedWalPages(`${path}-wal`, pageSize)
  for (let page = Math.floor(size / pageSize) + 1; page <= pageCount; page++) if (!inLog.has(page)) return false
  return true
}

function pageSizeOf(header: Buffer): number {
  const raw = header.readUInt16BE(16)
  return raw === 1 ? 65536 : raw
}

/** Page size × page count when the header's count is current (valid-for == change counter). */
function expectedSize(header: Buffer): number | null {
  const pageSize = pageSizeOf(header)
  const changeCounter = header.readUInt32BE(24)
  const pageCount = header.readUInt32BE(28)
  const validFor = header.readUInt32BE(92)
  if (pageSize < 512 || validFor !== changeCounter || pageCount === 0) return null
  return pageSize * pageCount
}

function describeForeignFile(header: Buffer, size: number): string {
  if (size === 0) return 'the file is empty'
  if (header.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'it is a PNG image (import images from inside a project instead)'
  }
  if (header[0] === 0xff && header[1] === 0xd8) return 'it is a JPEG image (import images from inside a project)'
  if (header.subarray(0, 16).equals(SQLITE_MAGIC)) return 'the file is truncated'
  if (header.subarray(0, 4).toString('latin1') === 'PK\x03\x04') return 'it is a ZIP archive'
  if (isMostlyText(header)) return 'it is a text file'
  return 'it is not an SQLite database'
}

function isMostlyText(bytes: Buffer): boolean {
  let printable = 0
  for (const b of bytes) if (b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128) printable++
  return printable >= bytes.length * 0.95
}
