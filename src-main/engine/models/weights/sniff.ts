// Decides from the name and the first bytes whether a file is safetensors, and refuses pickles.
// PyTorch .ckpt/.pt/.pth/.bin files are pickles (inside a zip since torch 1.6): unpickling runs
// arbitrary code, so we never open them, whatever their content claims to be.
import { extname } from 'node:path'
import { WeightsError } from './errors'

const PICKLE_EXTENSIONS = new Set(['.ckpt', '.pt', '.pth', '.bin', '.pkl', '.pickle'])

const HOW_TO_GET_SAFETENSORS =
  'Pickle files can run arbitrary code when they are loaded, so PoseAnimate Studio only reads .safetensors. ' +
  'Download the .safetensors version of the model instead (SD 1.5: v1-5-pruned-emaonly.safetensors; ' +
  'ControlNet OpenPose: control_v11p_sd15_openpose as .safetensors, e.g. the fp16 safetensors conversion), ' +
  'or convert it once with a tool you trust, in an isolated environment.'

export type Magic = 'safetensors' | 'zip' | 'pickle' | 'unknown'

/** Classifies the first bytes of a file (at least 9 are needed to recognise safetensors). */
export function sniffMagic(head: Uint8Array): Magic {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip'
  // safetensors: u64 LE header length, then the JSON header, which starts with '{'. Checked before the
  // pickle opcode because a header length such as 0x280 also starts with the bytes 0x80 0x02.
  if (head.length >= 9 && head[8] === 0x7b) return 'safetensors'
  if (head.length >= 2 && head[0] === 0x80 && head[1] >= 2 && head[1] <= 5) return 'pickle'
  return 'unknown'
}

/** Throws a WeightsError unless `head` (the file's first bytes) and `path` describe a safetensors file. */
export function assertSafetensorsFile(path: string, head: Uint8Array): void {
  const ext = extname(path).toLowerCase()
  const magic = sniffMagic(head)
  if (PICKLE_EXTENSIONS.has(ext)) {
    const renamed =
      magic === 'safetensors' ? ` Its content looks like safetensors: if you trust it, rename it to .safetensors.` : ''
    throw new WeightsError(
      'pickle',
      `${path} is a PyTorch pickle checkpoint (${ext}). ${HOW_TO_GET_SAFETENSORS}${renamed}`,
    )
  }
  if (magic === 'zip' || magic === 'pickle') {
    throw new WeightsError('pickle', `${path} contains a PyTorch pickle (${magic} format). ${HOW_TO_GET_SAFETENSORS}`)
  }
  if (magic !== 'safetensors' && head.length < 9) {
    throw new WeightsError(
      'not-safetensors',
      `${path} is only ${head.length} bytes long: too short to be a model file.`,
    )
  }
  if (magic !== 'safetensors') {
    throw new WeightsError(
      'not-safetensors',
      `${path} is not a safetensors file (it does not start with a safetensors header). ` +
        'Choose an SD 1.5 or ControlNet .safetensors checkpoint or a diffusers model folder.',
    )
  }
}
