// Lazy safetensors reader: opens the file, validates the whole header (header.ts), then reads only the
// tensors asked for with positioned reads. SD 1.5 files are 2–7 GB; we never map or slurp them.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { isReadable, toFloat32 } from './dtype'
import { WeightsError } from './errors'
import { headerLength, parseHeader, type TensorInfo } from './header'
import { assertSafetensorsFile } from './sniff'

export type { TensorInfo } from './header'

export class SafetensorsFile {
  private constructor(
    readonly path: string,
    private fd: number | undefined,
    readonly fileSize: number,
    readonly tensors: ReadonlyMap<string, TensorInfo>,
    readonly metadata: Readonly<Record<string, string>>,
    /** The raw header bytes (length field + JSON), kept for content hashing. */
    readonly headerBytes: Uint8Array,
  ) {}

  /** Opens and validates `path`; throws WeightsError with a user-facing message on any problem. */
  static open(path: string): SafetensorsFile {
    let fd: number
    try {
      fd = openSync(path, 'r')
    } catch (err) {
      throw new WeightsError('not-found', `Cannot open ${path}: ${(err as Error).message}`)
    }
    try {
      const size = fstatSync(fd).size
      const head = readAt(fd, 0, Math.min(9, size))
      assertSafetensorsFile(path, head)
      const n = headerLength(head, size, path)
      const json = readAt(fd, 8, n)
      const header = parseHeader(json, size, path)
      const headerBytes = concat(head.subarray(0, 8), json)
      return new SafetensorsFile(path, fd, size, header.tensors, header.metadata, headerBytes)
    } catch (err) {
      closeSync(fd)
      throw err
    }
  }

  keys(): string[] {
    return [...this.tensors.keys()]
  }

  info(name: string): TensorInfo {
    const info = this.tensors.get(name)
    if (!info) throw new WeightsError('missing-keys', `${this.path} has no tensor named "${name}".`)
    return info
  }

  /** The tensor's raw little-endian bytes, exactly as stored. */
  readRaw(name: string): Uint8Array {
    const { begin, end } = this.info(name)
    return this.readBytes(begin, end - begin)
  }

  /** The tensor converted to float32 (F16, BF16, F32, F64 and integer dtypes). */
  read(name: string): Float32Array {
    const info = this.info(name)
    if (!isReadable(info.dtype)) {
      throw new WeightsError(
        'unsupported-dtype',
        `${this.path}: tensor "${name}" is ${info.dtype}, which we cannot read.`,
      )
    }
    const raw = this.readRaw(name)
    // readRaw returns a fresh, aligned buffer we own: F32 can be viewed in place instead of copied.
    if (info.dtype === 'F32') return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4)
    return toFloat32(info.dtype, raw)
  }

  /** Raw bytes at an absolute file offset (used for content hashing). */
  readBytes(position: number, length: number): Uint8Array {
    if (this.fd === undefined) throw new Error(`${this.path} is closed`)
    return readAt(this.fd, position, length)
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
  }
}

/** Reads exactly `length` bytes at `position` (readSync may return short counts; 2 GiB per call max). */
function readAt(fd: number, position: number, length: number): Uint8Array {
  const out = new Uint8Array(length)
  let done = 0
  while (done < length) {
    const chunk = Math.min(length - done, 1 << 30)
    const got = readSync(fd, out, done, chunk, position + done)
    if (got === 0) throw new WeightsError('truncated', `Unexpected end of file at byte ${position + done}.`)
    done += got
  }
  return out
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length)
  out.set(a)
  out.set(b, a.length)
  return out
}
