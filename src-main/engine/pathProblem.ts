// Why a path cannot be opened, in the user's words. A symbolic link that loops or points nowhere is
// named as such, not reported as a missing file.
import { lstatSync, readlinkSync, statSync } from 'node:fs'

/** `err` is the failure of an fs call on `path`; without it, `path` is stat'ed here. Undefined: no problem. */
export function describePathProblem(path: string, err?: unknown): string | undefined {
  const code = err === undefined ? statError(path) : (err as { code?: unknown } | null)?.code
  switch (code) {
    case undefined:
      return undefined
    case 'ELOOP':
      return `${path} is a symbolic link that loops back on itself (directly or through other links): point it at a real file`
    case 'ENOENT':
      return danglingLinkTarget(path) ?? `${path} does not exist`
    case 'EACCES':
    case 'EPERM':
      return `${path} cannot be read: permission denied`
    case 'ENOTDIR':
      return `${path} cannot be opened: part of its path is a file, not a folder`
    case 'ENAMETOOLONG':
      return `${path} cannot be opened: the name is too long`
    default:
      return `${path} cannot be read (${String(code ?? (err as Error).message)})`
  }
}

function statError(path: string): string | undefined {
  try {
    statSync(path)
    return undefined
  } catch (err) {
    return String((err as { code?: unknown }).code ?? 'EIO')
  }
}

function danglingLinkTarget(path: string): string | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink()) return undefined
    return `${path} is a symbolic link to ${readlinkSync(path)}, which does not exist`
  } catch {
    return undefined
  }
}
