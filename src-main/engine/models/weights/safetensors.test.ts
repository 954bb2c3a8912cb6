import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { WeightsErrorCode } from './errors'
import { SafetensorsFile } from './safetensors'
import { sniffMagic } from './sniff'
import { encodeHeader, writeSafetensors } from './writer'

const dir = mkdtempSync(join(tmpdir(), 'safetensors-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Writes a header made from `entries` (JSON) followed by `dataBytes` zero bytes. */
function rawFile(name: string, entries: unknown, dataBytes: number): string {
  const json = Buffer.from(JSON.stringify(entries))
  const length = Buffer.alloc(8)
  length.writeBigUInt64LE(BigInt(json.length))
  const path = join(dir, name)
  writeFileSync(path, Buffer.concat([length, json, Buffer.alloc(dataBytes)]))
  return path
}

function expectRefusal(path: string, code: WeightsErrorCode, message: RegExp) {
  expect(() => SafetensorsFile.open(path)).toThrow(
    expect.objectContaining({ code, message: expect.stringMatching(message) }),
  )
}

describe('safetensors writer + lazy reader', () => {
  const path = join(dir, 'model.safetensors')
  const a = Float32Array.from({ length: 6 }, (_, i) => i - 2.5)
  writeSafetensors(
    path,
    [
      { name: 'a', dtype: 'F32', shape: [2, 3], data: a },
      { name: 'half', dtype: 'F16', shape: [4], data: () => [Float32Array.of(1, 2), Float32Array.of(-0.5, 65504)] },
      { name: 'bf', dtype: 'BF16', shape: [2], data: Float32Array.of(1.5, -3) },
      { name: 'ids', dtype: 'I64', shape: [2], data: { raw: new Uint8Array(BigInt64Array.of(7n, 9n).buffer) } },
      { name: 'empty', dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
    ],
    { format: 'pt' },
  )

  it('round-trips values, shapes, dtypes and metadata', () => {
    const file = SafetensorsFile.open(path)
    expect(file.keys()).toEqual(['a', 'half', 'bf', 'ids', 'empty'])
    expect(file.info('a')).toMatchObject({ dtype: 'F32', shape: [2, 3] })
    expect(file.read('a')).toEqual(a)
    expect([...file.read('half')]).toEqual([1, 2, -0.5, 65504])
    expect([...file.read('bf')]).toEqual([1.5, -3])
    expect([...file.read('ids')]).toEqual([7, 9])
    expect(file.read('empty').length).toBe(0)
    expect(file.metadata).toEqual({ format: 'pt' })
    expect(() => file.read('nope')).toThrow(/no tensor named "nope"/)
    file.close()
  })

  it('pads the header with spaces to an 8-byte boundary', () => {
    const header = encodeHeader([{ name: 'x', dtype: 'F32', shape: [1], data: new Float32Array(1) }])
    expect(header.length % 8).toBe(0)
    expect(header[header.length - 1]).toBe(0x20)
  })

  it('refuses a generator that yields the wrong number of values and leaves no file behind', () => {
    const bad = join(dir, 'bad.safetensors')
    const write = () =>
      writeSafetensors(bad, [{ name: 'x', dtype: 'F32', shape: [3], data: () => [new Float32Array(2)] }])
    expect(write).toThrow(/wrote 8 bytes, its shape needs 12/)
    expect(() => readFileSync(bad)).toThrow()
    expect(() => readFileSync(`${bad}.partial`)).toThrow()
  })
})

describe('bad files get clear errors', () => {
  const valid = { w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] } }

  it('refuses pickles by extension and by magic bytes, explaining why and what to get', () => {
    const ckpt = join(dir, 'v1-5-pruned-emaonly.ckpt')
    writeFileSync(ckpt, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0]))
    expectRefusal(ckpt, 'pickle', /pickle checkpoint \(\.ckpt\).*run arbitrary code.*\.safetensors/)
    const disguised = join(dir, 'disguised.safetensors')
    writeFileSync(disguised, Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20]))
    expectRefusal(disguised, 'pickle', /contains a PyTorch pickle.*arbitrary code/)
    const zip = join(dir, 'zipped.safetensors')
    writeFileSync(zip, Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]))
    expectRefusal(zip, 'pickle', /zip format/)
    const renamed = join(dir, 'renamed.pth')
    writeFileSync(renamed, readFileSync(rawFile('r.safetensors', valid, 16)))
    expectRefusal(renamed, 'pickle', /rename it to \.safetensors/)
  })

  it('does not mistake a header length of 0x280 (bytes 80 02) for a pickle', () => {
    expect(sniffMagic(Uint8Array.of(0x80, 0x02, 0, 0, 0, 0, 0, 0, 0x7b))).toBe('safetensors')
    expect(sniffMagic(Uint8Array.of(0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9))).toBe('pickle')
  })

  it('refuses files that are not safetensors at all', () => {
    const text = join(dir, 'notes.safetensors')
    writeFileSync(text, 'hello, this is not a model')
    expectRefusal(text, 'not-safetensors', /not a safetensors file/)
    const tiny = join(dir, 'tiny.safetensors')
    writeFileSync(tiny, Buffer.from([1, 2, 3]))
    expectRefusal(tiny, 'not-safetensors', /too short/)
    expectRefusal(join(dir, 'missing.safetensors'), 'not-found', /Cannot open/)
  })

  it('detects truncation: a header longer than the file, and data cut short', () => {
    const cutHeader = rawFile('cut-header.safetensors', valid, 16)
    truncateSync(cutHeader, 20)
    expectRefusal(cutHeader, 'header-too-long', /header claims \d+ bytes but only 12 bytes follow.*truncated/)
    const cutData = rawFile('cut-data.safetensors', valid, 10)
    expectRefusal(cutData, 'truncated', /is truncated.*download the file again/i)
  })

  it('validates every header entry before reading data', () => {
    const cases: Array<[string, unknown, number, WeightsErrorCode, RegExp]> = [
      [
        'dtype',
        { w: { dtype: 'F12', shape: [2], data_offsets: [0, 4] } },
        4,
        'unsupported-dtype',
        /unknown dtype "F12"/,
      ],
      [
        'size',
        { w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } },
        12,
        'bad-header',
        /claims 12 bytes.*needs 16/,
      ],
      ['shape', { w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, 4, 'bad-header', /invalid shape/],
      ['offsets', { w: { dtype: 'F32', shape: [1], data_offsets: [4] } }, 4, 'bad-header', /invalid data_offsets/],
      [
        'overlap',
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
        },
        12,
        'bad-header',
        /overlaps/,
      ],
      ['gap', { a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, 8, 'bad-header', /gap of 4 bytes/],
      ['trailing', valid, 20, 'trailing-bytes', /4 unexpected bytes/],
      ['metadata', { __metadata__: { n: 1 }, ...valid }, 16, 'bad-header', /__metadata__/],
    ]
    for (const [name, entries, bytes, code, message] of cases)
      expectRefusal(rawFile(`${name}.safetensors`, entries, bytes), code, message)
  })

  it('refuses a header that is not JSON or claims an absurd size', () => {
    const path = join(dir, 'garbage.safetensors')
    const length = Buffer.alloc(8)
    length.writeBigUInt64LE(6n)
    writeFileSync(path, Buffer.concat([length, Buffer.from('{oops}')]))
    expectRefusal(path, 'bad-header', /not valid JSON/)
    const huge = join(dir, 'huge.safetensors')
    length.writeBigUInt64LE(200_000_000n)
    writeFileSync(huge, Buffer.concat([length, Buffer.from('{')]))
    expectRefusal(huge, 'header-too-long', /header claims 200000000 bytes/)
  })
})
