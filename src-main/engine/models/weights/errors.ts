// One error type for every checkpoint problem a user can cause. `code` lets the UI and the tests tell
// the cases apart; `message` is written for the user: what is wrong and what to do about it.
import { UserError } from '../../errors'

export type WeightsErrorCode =
  | 'not-found'
  | 'pickle'
  | 'not-safetensors'
  | 'bad-header'
  | 'header-too-long'
  | 'truncated'
  | 'trailing-bytes'
  | 'unsupported-dtype'
  | 'sd2'
  | 'sdxl'
  | 'inpainting'
  | 'not-a-diffusion-model'
  | 'lora'
  | 'incompatible-controlnet'
  | 'wrong-shapes'
  | 'missing-keys'
  | 'unexpected-keys'
  | 'duplicate-keys'
  | 'bad-config'
  | 'unsupported-config'

export class WeightsError extends UserError {
  constructor(
    readonly code: WeightsErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'WeightsError'
  }
}

/** Lists at most `max` items, then "… and N more", so messages stay readable for 1000-key files. */
export function listSome(items: readonly string[], max = 8): string {
  const shown = items.slice(0, max).join(', ')
  return items.length > max ? `${shown}, … and ${items.length - max} more` : shown
}
