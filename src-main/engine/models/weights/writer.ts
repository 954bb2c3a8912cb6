// safetensors writer for tests and synthesized checkpoints. The header is computed from shapes alone,
// then each tensor's data is streamed in chunks, so multi-GB files never sit in memory. Writes go to
// "<path>.partial" and are renamed at the end: an interrupted run leaves no file that looks complete.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { byteSize, fromFloat32, type DType, type WritableDType } from './dtype'

/** Float values (converted to `dtype`), raw bytes already in `dtype`, or a generator of float chunks. */
export type TensorData = Float32Array | { raw: Uint8Array } | (() => Iterable<Float32Array>)

export interface TensorToWrite {
  name: string
  dtype: DType
  shape: readonly number[]
  data: TensorData
}

export function writeSafetensors(path: string, tensors: readonly TensorToWrite[], metadata?: Record<string, string>) {
  const header = encodeHeader(tensors, metadata)
  const partial = `${path}.partial`
  const fd = openSync(partial, 'w')
  try {
    writeAll(fd, header)
    for (const t of tensors) writeTensor(fd, t)
  } catch (err) {
    closeSync(fd)
    rmSync(partial, { force: true })
    throw err
  }
  closeSync(fd)
  renameSync(partial, path)
}

/** The 8-byte length + JSON header, padded with spaces so the data section starts 8-byte aligned. */
export function encodeHeader(tensors: readonly TensorToWrite[], metadata?: Record<string, string>): Uint8Array {
  const entries: Record<string, unknown> = {}
  if (metadata) entries.__metadata__ = metadata
  let offset = 0
  for (const t of tensors) {
    if (t.name in entries) throw new Error(`duplicate tensor name ${t.name}`)
    const bytes = expectedBytes(t)
    entries[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes] }
    offset += bytes
  }
  const json = new TextEncoder().encode(JSON.stringify(entries))
  const padded = Math.ceil(json.length / 8) * 8
  const out = new Uint8Array(8 + padded).fill(0x20, 8)
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true)
  out.set(json, 8)
  return out
}

function expectedBytes(t: TensorToWrite): number {
  const bytes = byteSize(
    t.dtype,
    t.shape.reduce((a, b) => a * b, 1),
  )
  if (bytes === undefined) throw new Error(`${t.name}: ${t.dtype} of shape ${t.shape} is not a whole number of bytes`)
  return bytes
}

function writeTensor(fd: number, t: TensorToWrite): void {
  let written = 0
  for (const bytes of tensorBytes(t)) {
    writeAll(fd, bytes)
    written += bytes.length
  }
  const expected = expectedBytes(t)
  if (written !== expected) throw new Error(`${t.name}: wrote ${written} bytes, its shape needs ${expected}`)
}

function* tensorBytes(t: TensorToWrite): Iterable<Uint8Array> {
  if (typeof t.data === 'function') {
    for (const chunk of t.data()) yield fromFloat32(writable(t), chunk)
  } else if (t.data instanceof Float32Array) {
    yield fromFloat32(writable(t), t.data)
  } else {
    yield t.data.raw
  }
}

function writable(t: TensorToWrite): WritableDType {
  if (t.dtype === 'F32' || t.dtype === 'F16' || t.dtype === 'BF16') return t.dtype
  throw new Error(`${t.name}: float data can only be written as F32, F16 or BF16 (got ${t.dtype}); pass raw bytes`)
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let done = 0
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done)
}
