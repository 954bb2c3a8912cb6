// Small argument helpers shared by the CLI commands: strict parsing with usage in the error.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './command'

export type Options = NonNullable<ParseArgsConfig['options']>

export function parseCommandArgs<O extends Options>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true as const, strict: true as const })
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nusage: ${usage}`)
  }
}

export function positiveInt(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`${flag} must be a positive whole number, got "${String(value)}"`)
  return n
}
