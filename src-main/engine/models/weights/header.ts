// safetensors header validation. Layout: u64 little-endian N, then N bytes of JSON (padded with spaces),
// then the data section. Each JSON entry is {dtype, shape, data_offsets: [begin, end]} relative to the
// data section; "__metadata__" is an optional string→string map. The format allows no holes: tensors
// sorted by offset must tile the data section exactly. We check all of it before trusting any number.
import { byteSize, isDType, type DType } from './dtype'
import { WeightsError } from './errors'

/** The reference implementation refuses headers above 100 MB; real SD files have ~100–300 kB. */
export const MAX_HEADER_BYTES = 100_000_000

export interface TensorInfo {
  name: string
  dtype: DType
  shape: number[]
  /** Absolute byte offsets in the file (header already added). */
  begin: number
  end: number
}

export interface SafetensorsHeader {
  tensors: Map<string, TensorInfo>
  metadata: Record<string, string>
  /** Byte offset of the data section (8 + N). */
  dataStart: number
}

/** Reads N from the first 8 bytes and checks it against the file size before anything is allocated. */
export function headerLength(first8: Uint8Array, fileSize: number, label: string): number {
  if (fileSize < 8 || first8.length < 8) {
    throw new WeightsError('not-safetensors', `${label} is ${fileSize} bytes long: too short to be a safetensors file.`)
  }
  const n = Number(new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true))
  if (n > fileSize - 8) {
    throw new WeightsError(
      'header-too-long',
      `${label}: its header claims ${n} bytes but only ${fileSize - 8} bytes follow. ` +
        'The file is truncated or is not a safetensors file; download it again.',
    )
  }
  if (n < 2 || n > MAX_HEADER_BYTES) {
    throw new WeightsError('bad-header', `${label}: header length ${n} is not plausible for a safetensors file.`)
  }
  return n
}

/** Parses and validates the JSON header. `fileSize` lets us tell truncation from other damage. */
export function parseHeader(json: Uint8Array, fileSize: number, label: string): SafetensorsHeader {
  const raw = decodeJsonObject(json, label)
  const dataStart = 8 + json.length
  const tensors = new Map<string, TensorInfo>()
  let metadata: Record<string, string> = {}
  for (const [name, entry] of Object.entries(raw)) {
    if (name === '__metadata__') metadata = parseMetadata(entry, label)
    else tensors.set(name, parseEntry(name, entry, dataStart, label))
  }
  checkTiling([...tensors.values()], dataStart, fileSize, label)
  return { tensors, metadata, dataStart }
}

function decodeJsonObject(json: Uint8Array, label: string): Record<string, unknown> {
  let parsed: unknown
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(json)
    if (!text.startsWith('{')) throw new Error('does not start with "{"')
    parsed = JSON.parse(text)
  } catch (err) {
    throw new WeightsError(
      'bad-header',
      `${label}: the safetensors header is not valid JSON (${(err as Error).message}).`,
    )
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new WeightsError('bad-header', `${label}: the safetensors header is not a JSON object.`)
  }
  return parsed as Record<string, unknown>
}

function parseMetadata(entry: unknown, label: string): Record<string, string> {
  const ok = entry && typeof entry === 'object' && Object.values(entry).every((v) => typeof v === 'string')
  if (!ok) throw new WeightsError('bad-header', `${label}: "__metadata__" must map strings to strings.`)
  return entry as Record<string, string>
}

function parseEntry(name: string, entry: unknown, dataStart: number, label: string): TensorInfo {
  const bad = (why: string) => new WeightsError('bad-header', `${label}: tensor "${name}" ${why}.`)
  if (!entry || typeof entry !== 'object') throw bad('is not an object')
  const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>
  if (typeof dtype !== 'string' || !isDType(dtype)) {
    throw new WeightsError(
      'unsupported-dtype',
      `${label}: tensor "${name}" has unknown dtype ${JSON.stringify(dtype)}.`,
    )
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw bad('has an invalid shape')
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) throw bad('has invalid data_offsets')
  const [begin, end] = offsets as number[]
  const numel = (shape as number[]).reduce((a, b) => a * b, 1)
  const bytes = byteSize(dtype, numel)
  if (!Number.isSafeInteger(numel) || bytes === undefined || end - begin !== bytes) {
    throw bad(
      `claims ${end - begin} bytes but ${dtype}${JSON.stringify(shape)} needs ${bytes ?? 'a fractional number of'}`,
    )
  }
  return { name, dtype, shape: shape as number[], begin: dataStart + begin, end: dataStart + end }
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
}

/** Sorted by offset, tensors must start at 0, touch each other, and end exactly at the end of the file. */
function checkTiling(infos: TensorInfo[], dataStart: number, fileSize: number, label: string): void {
  const sorted = [...infos].sort((a, b) => a.begin - b.begin || a.end - b.end)
  let cursor = dataStart
  for (const t of sorted) {
    if (t.begin !== cursor) {
      const what = t.begin < cursor ? 'overlaps the previous tensor' : `leaves a gap of ${t.begin - cursor} bytes`
      throw new WeightsError('bad-header', `${label}: tensor "${t.name}" ${what}; the header is corrupt.`)
    }
    cursor = t.end
  }
  if (cursor > fileSize) {
    throw new WeightsError(
      'truncated',
      `${label} is truncated: its tensors need ${cursor} bytes but the file has ${fileSize}. ` +
        'The download or copy was cut short; download the file again.',
    )
  }
  if (cursor < fileSize) {
    throw new WeightsError(
      'trailing-bytes',
      `${label} has ${fileSize - cursor} unexpected bytes after its last tensor; the file is damaged.`,
    )
  }
}
