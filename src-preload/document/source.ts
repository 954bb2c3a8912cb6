// Field group "source": which imported image is the character, its size, the prompt words that name the
// character, and where the source pose came from. Bounds: docs/decisions/0280.
import { z } from 'zod'
import { promptSchema } from './projectSettings'

/** Largest image file accepted (the engine's decoder also refuses more than 64 megapixels). */
export const IMAGE_FILE_MAX_BYTES = 64 * 1024 * 1024
/** Base64 text of the largest image file (4 characters per 3 bytes, with room for padding). */
export const IMAGE_BASE64_MAX_CHARS = 90_000_000
/** JPEG and PNG readers in use stop at 65 535 pixels a side. */
export const IMAGE_SIDE_MAX = 65_535
export const CHARACTER_WORDS_MAX = 32
export const CHARACTER_WORD_MAX_CHARS = 80
export const FILE_NAME_MAX_CHARS = 255

/** Bytes as base64 text of at most `maxChars` characters. */
export const base64Schema = (maxChars: number) =>
  z
    .string()
    .max(maxChars, 'is too large')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')

/** An asset's content hash (sha256, hex): names which stored file is current. */
export const assetHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be an asset hash')

export const imageSizeSchema = z.strictObject({
  width: z.number().int().min(1).max(IMAGE_SIDE_MAX),
  height: z.number().int().min(1).max(IMAGE_SIDE_MAX),
})

export const characterWordsSchema = z
  .array(z.string().trim().min(1).max(CHARACTER_WORD_MAX_CHARS))
  .max(CHARACTER_WORDS_MAX)

/** The prompt and which of its words name the character (their attention gives the per-frame masks). */
export const sourceTextSchema = z.strictObject({ prompt: promptSchema, characterWords: characterWordsSchema })

export const poseOriginSchema = z.enum(['detected', 'edited'])

export type ImageSize = z.infer<typeof imageSizeSchema>
export type SourceText = z.infer<typeof sourceTextSchema>
export type PoseOrigin = z.infer<typeof poseOriginSchema>
