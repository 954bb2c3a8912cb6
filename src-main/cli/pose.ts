// `poseanimate pose <sub>`: pose drawing, detection, character masks and pose-sequence import.
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { writePng } from '../engine/image/encode'
import { renderPoseImage } from '../engine/pose/draw'
import { parsePoseJson } from '../engine/pose/openposeJson'
import { UserError, type CliCommand, type CliIo } from './command'

type Values = Record<string, unknown>

interface Subcommand {
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  run(positionals: string[], values: Values, io: CliIo): Promise<object>
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  draw: {
    usage: 'pose draw <keypoints.json> --out-dir <dir> [--width W --height H]',
    options: { 'out-dir': { type: 'string' }, width: { type: 'string' }, height: { type: 'string' } },
    async run([input], values, io) {
      const outDir = required(values['out-dir'], '--out-dir')
      const doc = parsePoseJson(await readText(input), input, canvasOptions(values))
      await mkdir(outDir, { recursive: true })
      const written: string[] = []
      for (const { name, pose } of doc.poses) {
        const file = join(outDir, `${name}.png`)
        await writePng(file, renderPoseImage([pose], doc.width, doc.height))
        io.out(`wrote ${file}`)
        written.push(file)
      }
      return { width: doc.width, height: doc.height, files: written }
    },
  },
}

export const poseCommand: CliCommand = {
  name: 'pose',
  summary: 'Draw OpenPose images, detect poses and masks, import pose sequences',
  usage: Object.values(SUBCOMMANDS)
    .map((s) => `poseanimate ${s.usage}`)
    .join('\n'),
  async run(args, io) {
    const [name, ...rest] = args
    const sub = SUBCOMMANDS[name ?? '']
    if (!sub)
      throw new UserError(
        `unknown pose command "${name ?? ''}"; expected one of: ${Object.keys(SUBCOMMANDS).join(', ')}`,
      )
    const { positionals, values } = parseSubcommandArgs(sub, rest)
    const result = await sub.run(positionals, values, io)
    if (io.json) io.out(JSON.stringify(result))
    return 0
  },
}

function parseSubcommandArgs(sub: Subcommand, args: string[]) {
  try {
    const parsed = parseArgs({ args, options: sub.options, allowPositionals: true, strict: true })
    if (parsed.positionals.length !== 1) throw new Error('expected exactly one input file')
    return parsed
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nusage: poseanimate ${sub.usage}`)
  }
}

function required(value: unknown, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UserError(`${flag} is required`)
  return value
}

function optionalNumber(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (typeof value !== 'string' || !Number.isFinite(n)) throw new UserError(`${flag} must be a number`)
  return n
}

function canvasOptions(values: Values) {
  return { width: optionalNumber(values.width, '--width'), height: optionalNumber(values.height, '--height') }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path}: ${code}`)
  }
}
