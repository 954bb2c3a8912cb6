// The preflight before a render's heavy stages (decision 0244): what the planned work needs
// (resourceEstimate.ts) against the memory and disk this machine has. Clearly too little → a user error
// naming the numbers and what to do, before anything is computed; tight → a warning in the summary.
// POSEANIMATE_SKIP_PREFLIGHT=1 (the CLI's --no-preflight) skips it; POSEANIMATE_MEMORY_BUDGET and
// POSEANIMATE_DISK_BUDGET cap what it counts as available (leave room for other programs; tests).
import { readFileSync, statfsSync, statSync } from 'node:fs'
import { freemem } from 'node:os'
import { dirname } from 'node:path'
import { estimateNeed, type EstimateInput, type ResourceNeed } from './resourceEstimate'
import { UserError } from '../errors'

export interface Available {
  memoryBytes: number
  /** Free bytes where graphs compile, and beside the project (its cache). */
  compiledDiskBytes: number
  cacheDiskBytes: number
  /** Both folders are on one filesystem: their needs add up. */
  sameDisk: boolean
}

export interface PreflightVerdict {
  need: ResourceNeed
  /** Non-fatal: the render fits, but tightly. */
  warnings: string[]
}

/** Above this share of what is available the render is "tight" (the estimate is rough). */
const TIGHT = 0.75

export class PreflightError extends UserError {
  constructor(message: string) {
    super(message)
    this.name = 'PreflightError'
  }
}

const SKIP_HINT = 'POSEANIMATE_SKIP_PREFLIGHT=1 (the CLI: --no-preflight) renders anyway'

/** Throws PreflightError when `input` clearly does not fit `have`; returns the estimate and any warnings. */
export function checkResources(input: EstimateInput, have: Available, dirs: PreflightDirs): PreflightVerdict {
  const need = estimateNeed(input)
  const warnings: string[] = []
  const memory = `about ${gib(need.memoryBytes)} (new sessions and the largest pass, a ${need.largestPass})`
  if (need.memoryBytes > have.memoryBytes) {
    throw new PreflightError(
      `Not enough memory for this render: it needs ${memory} and ${gib(have.memoryBytes)} is available. ` +
        'Close other programs, render at a smaller width/height or with a smaller chunk size, or use a GPU ' +
        `provider; ${SKIP_HINT}.`,
    )
  }
  if (need.memoryBytes > TIGHT * have.memoryBytes)
    warnings.push(`memory is tight: this render needs ${memory} of the ${gib(have.memoryBytes)} available`)
  for (const disk of diskChecks(need, have, dirs)) {
    if (disk.need > disk.free) {
      throw new PreflightError(
        `Not enough disk space for this render: ${disk.what} needs about ${gib(disk.need)} and ` +
          `${gib(disk.free)} is free there. Free space on that disk or set POSEANIMATE_HOME to a folder on a ` +
          `larger one; ${SKIP_HINT}.`,
      )
    }
    if (disk.need > TIGHT * disk.free)
      warnings.push(`disk is tight: ${disk.what} needs about ${gib(disk.need)} of ${gib(disk.free)} free`)
  }
  return { need, warnings }
}

export interface PreflightDirs {
  compiledDir: string
  projectDir: string
}

function diskChecks(need: ResourceNeed, have: Available, dirs: PreflightDirs) {
  const compile = `compiling the model's graphs into ${dirs.compiledDir}`
  const cache = `the project's cache beside ${dirs.projectDir}`
  if (have.sameDisk)
    return [
      { what: `${compile} and ${cache}`, need: need.compiledBytes + need.cacheBytes, free: have.compiledDiskBytes },
    ]
  return [
    { what: compile, need: need.compiledBytes, free: have.compiledDiskBytes },
    { what: cache, need: need.cacheBytes, free: have.cacheDiskBytes },
  ]
}

/** True when the environment asks to skip the preflight. */
export function preflightSkipped(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.POSEANIMATE_SKIP_PREFLIGHT === '1'
}

/** This machine's available memory and free disk, capped by the budget variables. */
export function systemAvailable(dirs: PreflightDirs, env: NodeJS.ProcessEnv = process.env): Available {
  const memoryBudget = budget(env, 'POSEANIMATE_MEMORY_BUDGET')
  const diskBudget = budget(env, 'POSEANIMATE_DISK_BUDGET')
  const compiled = existingFolder(dirs.compiledDir)
  const project = existingFolder(dirs.projectDir)
  return {
    memoryBytes: Math.min(availableMemory(), memoryBudget),
    compiledDiskBytes: Math.min(freeDisk(compiled), diskBudget),
    cacheDiskBytes: Math.min(freeDisk(project), diskBudget),
    sameDisk: statSync(compiled).dev === statSync(project).dev,
  }
}

/** MemAvailable (Linux counts reclaimable cache), within a cgroup v2 limit; else os.freemem(). */
function availableMemory(): number {
  let available = freemem()
  try {
    const kib = /^MemAvailable:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]
    if (kib) available = Number(kib) * 1024
  } catch {
    // not Linux: os.freemem() it is
  }
  try {
    const max = readFileSync('/sys/fs/cgroup/memory.max', 'utf8').trim()
    const current = Number(readFileSync('/sys/fs/cgroup/memory.current', 'utf8').trim())
    if (/^\d+$/.test(max)) available = Math.min(available, Number(max) - current)
  } catch {
    // no cgroup v2 limit visible
  }
  return available
}

function freeDisk(folder: string): number {
  const s = statfsSync(folder)
  return s.bavail * s.bsize
}

/** The folder, or its nearest existing parent (the compiled-graphs folder appears on first compile). */
function existingFolder(path: string): string {
  let at = path
  while (!statSync(at, { throwIfNoEntry: false }) && dirname(at) !== at) at = dirname(at)
  return at
}

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }

/** A size such as 512M, 8G, 1.5GiB or plain bytes; unset = no cap. */
export function budget(env: NodeJS.ProcessEnv, name: string): number {
  const value = env[name]?.trim()
  if (!value) return Infinity
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(value)
  if (!m) throw new PreflightError(`${name}="${value}" is not a size: write e.g. 8G, 512M or a number of bytes.`)
  return Number(m[1]) * UNITS[m[2].toLowerCase()]
}

function gib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`
}
