// Which pages the write-ahead log (`<project>-wal`) holds in committed transactions. A checkpoint that
// hit a full disk may have written the new page 1 (and so the new page count) into the main file without
// the pages after it: SQLite still reads those from the log, so the project is intact.
// Format: https://www.sqlite.org/fileformat2.html §4 (32-byte header, frames of a 24-byte header + a page).
import { closeSync, openSync, readSync } from 'node:fs'

const WAL_HEADER_BYTES = 32
const FRAME_HEADER_BYTES = 24
const MAGIC_LITTLE_ENDIAN = 0x377f0682
const MAGIC_BIG_ENDIAN = 0x377f0683

/** Page numbers in valid frames up to the log's last commit; empty when there is no usable log. */
export function committedWalPages(walPath: string, pageSize: number): Set<number> {
  let fd: number
  try {
    fd = openSync(walPath, 'r')
  } catch {
    return new Set()
  }
  try {
    return readCommittedPages(fd, pageSize)
  } finally {
    closeSync(fd)
  }
}

function readCommittedPages(fd: number, pageSize: number): Set<number> {
  const header = Buffer.alloc(WAL_HEADER_BYTES)
  if (readSync(fd, header, 0, WAL_HEADER_BYTES, 0) < WAL_HEADER_BYTES) return new Set()
  const magic = header.readUInt32BE(0)
  if ((magic !== MAGIC_LITTLE_ENDIAN && magic !== MAGIC_BIG_ENDIAN) || header.readUInt32BE(8) !== pageSize) {
    return new Set()
  }
  const bigEndian = magic === MAGIC_BIG_ENDIAN
  let sum = checksum(header.subarray(0, 24), [0, 0], bigEndian)
  if (sum[0] !== header.readUInt32BE(24) || sum[1] !== header.readUInt32BE(28)) return new Set()

  const committed = new Set<number>()
  let pending: number[] = []
  const frame = Buffer.alloc(FRAME_HEADER_BYTES + pageSize)
  for (let offset = WAL_HEADER_BYTES; ; offset += frame.length) {
    if (readSync(fd, frame, 0, frame.length, offset) < frame.length) break
    const salted =
      frame.readUInt32BE(8) === header.readUInt32BE(16) && frame.readUInt32BE(12) === header.readUInt32BE(20)
    if (!salted) break
    sum = checksum(frame.subarray(FRAME_HEADER_BYTES), checksum(frame.subarray(0, 8), sum, bigEndian), bigEndian)
    if (sum[0] !== frame.readUInt32BE(16) || sum[1] !== frame.readUInt32BE(20)) break
    pending.push(frame.readUInt32BE(0))
    if (frame.readUInt32BE(4) !== 0) {
      // A commit frame: its transaction (and every one before it) is durable.
      for (const page of pending) committed.add(page)
      pending = []
    }
  }
  return committed
}

/** SQLite's WAL checksum: two running 32-bit sums over pairs of words in the log's byte order. */
function checksum(data: Buffer, [s0, s1]: [number, number] | number[], bigEndian: boolean): [number, number] {
  for (let i = 0; i < data.length; i += 8) {
    const x0 = bigEndian ? data.readUInt32BE(i) : data.readUInt32LE(i)
    const x1 = bigEndian ? data.readUInt32BE(i + 4) : data.readUInt32LE(i + 4)
    s0 = (s0 + x0 + s1) >>> 0
    s1 = (s1 + x1 + s0) >>> 0
  }
  return [s0, s1]
}
