// Field group "mask": the character mask's values as the studio edits them (8-bit, white = character),
// and where the stored one is. Bounds: docs/decisions/0280.
import { z } from 'zod'
import { base64Schema } from './source'

/** The mask is edited at most this many pixels on its longer side; the render stretches it to the image. */
export const MASK_EDIT_MAX_SIDE = 1024
/** Largest side a mask message may claim (the engine then checks it against the image's mask size). */
export const MASK_SIDE_MAX = 4096
/** Base64 text of MASK_SIDE_MAX² bytes. */
export const MASK_VALUES_MAX_CHARS = 23_000_000

const maskSide = z.number().int().min(1).max(MASK_SIDE_MAX)

/** width × height bytes, row by row, 0 = background … 255 = character. */
export const maskValuesSchema = z.strictObject({
  width: maskSide,
  height: maskSide,
  valuesBase64: base64Schema(MASK_VALUES_MAX_CHARS),
})

export type MaskValues = z.infer<typeof maskValuesSchema>
