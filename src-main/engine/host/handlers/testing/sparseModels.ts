// Full-size SD 1.5 and ControlNet OpenPose safetensors files for tests, as sparse files: the real headers
// (every key and shape, from golden/fullsize) and holes where the weights would be. Opening and checking a
// model reads only headers (and a few sampled blocks, which read as zeros), so this takes milliseconds
// and almost no disk, yet exercises the loader at full size.
import { closeSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { encodeHeader, type TensorToWrite } from '../../../models/weights/writer'
import { byteSize, type DType } from '../../../models/weights/dtype'

const repoRoot = resolve(import.meta.dirname, '../../../../..')
export const goldenDir = process.env.GOLDEN_DIR ?? resolve(repoRoot, '../shared/golden')

export const SPARSE_MODELS = {
  /** v1-5-pruned-emaonly.safetensors layout (LDM single file). */
  checkpoint: 'sd15_ldm_single_file.json',
  /** control_v11p_sd15_openpose.pth converted to safetensors (original layout). */
  controlnet: 'control_v11p_sd15_openpose_ldm.json',
} as const

interface Manifest {
  tensors: Record<string, { shape: number[]; dtype: DType }>
}

/** Writes `manifest` (a golden/fullsize file name) as a sparse safetensors file at `path`. */
export function writeSparseModel(path: string, manifest: string, options: { truncateTo?: number } = {}): string {
  const { tensors } = JSON.parse(readFileSync(join(goldenDir, 'fullsize', manifest), 'utf8')) as Manifest
  const specs: TensorToWrite[] = Object.entries(tensors).map(([name, t]) => ({
    name,
    dtype: t.dtype,
    shape: t.shape,
    data: { raw: new Uint8Array(0) },
  }))
  const header = encodeHeader(specs)
  const dataBytes = specs.reduce(
    (sum, t) =>
      sum +
      byteSize(
        t.dtype,
        t.shape.reduce((a, b) => a * b, 1),
      )!,
    0,
  )
  const fd = openSync(path, 'w')
  writeSync(fd, header)
  closeSync(fd)
  truncateSync(path, options.truncateTo ?? header.length + dataBytes)
  return path
}
