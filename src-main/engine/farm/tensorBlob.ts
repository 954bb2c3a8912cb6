// Tensors as blob payloads: one JSON line (dtype, shape), then the little-endian data bytes.
import { assertTensor, isTensorDType, tensorBytes, tensorFromBytes, type Tensor } from '../tensor'

export function tensorToBlob(t: Tensor): Buffer {
  assertTensor(t, 'farm blob')
  return Buffer.concat([Buffer.from(`${JSON.stringify({ dtype: t.dtype, shape: t.shape })}\n`), tensorBytes(t)])
}

export function tensorFromBlob(payload: Uint8Array, what: string): Tensor {
  const buffer = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
  const end = buffer.indexOf(0x0a)
  const head = JSON.parse(buffer.subarray(0, end).toString('utf8')) as { dtype: string; shape: number[] }
  if (!isTensorDType(head.dtype)) throw new Error(`${what}: unknown dtype ${head.dtype}`)
  const t = tensorFromBytes(head.dtype, head.shape, buffer.subarray(end + 1))
  assertTensor(t, what)
  return t
}
