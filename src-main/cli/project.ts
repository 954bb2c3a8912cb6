// `poseanimate project create|list|show`: project files from the command line, through the engine.
import { join, resolve } from 'node:path'
import { studioPaths } from '../engine/host/paths'
import { parseCommandArgs, positiveInt } from './args'
import { UsageError, type CliCommand, type CliIo } from './command'
import { withEngine } from './engine'

const USAGE = [
  'poseanimate project create <file.poseanim> [--name <name>] [--fps N] [--width W] [--height H]',
  'poseanimate project list [folder]            (default: the studio library folder)',
  'poseanimate project show <file.poseanim>',
].join('\n')

export const projectCommand: CliCommand = {
  name: 'project',
  summary: 'Create, list and inspect project files (*.poseanim)',
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args
    if (sub === 'create') return create(rest, io)
    if (sub === 'list') return list(rest, io)
    if (sub === 'show') return show(rest, io)
    throw new UsageError(`unknown project command "${sub ?? ''}"; expected create, list or show\nusage:\n${USAGE}`)
  },
}

async function create(args: string[], io: CliIo): Promise<number> {
  const options = {
    name: { type: 'string' },
    fps: { type: 'string' },
    width: { type: 'string' },
    height: { type: 'string' },
  } as const
  const { positionals, values } = parseCommandArgs(args, options, USAGE)
  if (positionals.length !== 1) throw new UsageError(`project create needs one file name\nusage:\n${USAGE}`)
  const path = resolve(positionals[0].endsWith('.poseanim') ? positionals[0] : `${positionals[0]}.poseanim`)
  const name = values.name ?? path.replace(/^.*[\\/]/, '').replace(/\.poseanim$/, '')
  const settings = {
    ...(values.fps && { fps: positiveInt(values.fps, '--fps') }),
    ...(values.width && { width: positiveInt(values.width, '--width') }),
    ...(values.height && { height: positiveInt(values.height, '--height') }),
  }
  const project = await withEngine((engine) => engine.call('project.create', { path, name, ...settings }))
  io.out(io.json ? JSON.stringify({ ...project, path }) : `created ${path} ("${project.name}")`)
  return 0
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, USAGE)
  const dir = resolve(positionals[0] ?? studioPaths().projects)
  const listing = await withEngine((engine) => engine.call('project.list', { dir }))
  // Paths, not library ids: the command line names files.
  const entries = [
    ...listing.projects.map(({ projectId, ...summary }) => ({ path: join(dir, projectId), summary })),
    ...listing.problems.map(({ projectId, error }) => ({ path: join(dir, projectId), error })),
  ]
  if (io.json) io.out(JSON.stringify({ dir, projects: entries }))
  else if (entries.length === 0) io.out(`no projects in ${dir}`)
  else
    for (const e of entries) {
      io.out(
        'summary' in e
          ? `${e.path}  "${e.summary.name}"  ${e.summary.keyframeCount} posed frames  ${e.summary.updatedAt}`
          : `${e.path}  (cannot open: ${e.error})`,
      )
    }
  return 0
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseCommandArgs(args, {}, USAGE)
  if (positionals.length !== 1) throw new UsageError(`project show needs one project file\nusage:\n${USAGE}`)
  const path = resolve(positionals[0])
  const p = await withEngine((engine) => engine.call('project.open', { path }))
  if (io.json) return (io.out(JSON.stringify({ ...p, path })), 0)
  io.out(`${p.name}  (${path})`)
  io.out(`  ${p.settings.width}×${p.settings.height} at ${p.settings.fps} fps, ${p.keyframeCount} posed frames`)
  io.out(`  created ${p.createdAt}, updated ${p.updatedAt}`)
  if (p.settings.prompt) io.out(`  prompt: ${p.settings.prompt}`)
  return 0
}
