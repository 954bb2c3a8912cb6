// CLIP BPE tokenizer as SD 1.5 uses it: transformers' slow CLIPTokenizer without ftfy (what a default
// diffusers install runs), framed as BOS + 75 tokens + EOS, padded with EOS to 77 (sd15-facts §5.4).
// Steps: split out literal special tokens → clean (drop control/format chars, whitespace → space,
// space out CJK ideographs) → NFC → lowercase → CLIP regex → UTF-8 bytes as printable chars → BPE.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'

export const BOS_ID = 49406
export const EOS_ID = 49407
export const PAD_ID = EOS_ID
export const MAX_LENGTH = 77

const BOS = '<|startoftext|>'
const EOS = '<|endoftext|>'
const VOCAB_FILE = 'bpe_simple_vocab_16e6.txt.gz'
/** Merges are lines 1 … 48894 of the vocabulary file (line 0 is a version header). */
const MERGE_COUNT = 49152 - 256 - 2

const PRE_TOKEN = /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\s\p{L}\p{N}]+/giu

export interface TokenizedPrompt {
  /** 77 ids: BOS, up to 75 tokens, EOS, EOS padding. */
  ids: number[]
  /** Every token without truncation or padding, BOS and EOS included. */
  untruncatedIds: number[]
  /** BPE token strings of `untruncatedIds` ("photograph</w>"). */
  tokens: string[]
  truncated: boolean
}

interface PreToken {
  text: string
  pieces: string[]
}

export class ClipTokenizer {
  private readonly encoder = new Map<string, number>()
  private readonly decoder: string[]
  private readonly ranks = new Map<string, number>()
  private readonly cache = new Map<string, string[]>()
  private readonly byteChars = byteToChar()

  /** `mergesText`: the decompressed bpe_simple_vocab_16e6.txt. */
  constructor(mergesText: string) {
    const merges = mergesText.split('\n').slice(1, MERGE_COUNT + 1)
    if (merges.length !== MERGE_COUNT)
      throw new Error(`BPE vocabulary has ${merges.length} merges, expected ${MERGE_COUNT}`)
    const chars = [...this.byteChars.values()]
    this.decoder = [...chars, ...chars.map((c) => `${c}</w>`), ...merges.map((m) => m.split(' ').join('')), BOS, EOS]
    this.decoder.forEach((token, id) => this.encoder.set(token, id))
    merges.forEach((m, rank) => this.ranks.set(m, rank))
  }

  /** Loads the shipped vocabulary (resources/vocab) or the gzip file at `path`. */
  static load(path: string = defaultVocabPath()): ClipTokenizer {
    return new ClipTokenizer(gunzipSync(readFileSync(path)).toString('utf8'))
  }

  /** The 77 ids SD 1.5 feeds the text encoder. */
  encode(prompt: string): number[] {
    return this.tokenize(prompt).ids
  }

  tokenize(prompt: string): TokenizedPrompt {
    const body = this.preTokens(prompt).flatMap((p) => p.pieces)
    const ids = body.map((t) => this.encoder.get(t) ?? EOS_ID) // unknown → unk = <|endoftext|>
    const kept = ids.slice(0, MAX_LENGTH - 2)
    const framed = [BOS_ID, ...kept, EOS_ID]
    return {
      ids: [...framed, ...new Array<number>(MAX_LENGTH - framed.length).fill(PAD_ID)],
      untruncatedIds: [BOS_ID, ...ids, EOS_ID],
      tokens: [BOS, ...body, EOS],
      truncated: kept.length < ids.length,
    }
  }

  /**
   * Positions in the 77-id sequence of every occurrence of `word` (one or more words) in `prompt`,
   * all BPE pieces included; BOS is position 0. Positions cut off by truncation are left out.
   * Matching uses the same normalisation as tokenizing, so "Dog" finds "dog's" → [dog].
   */
  wordTokenIndices(prompt: string, word: string): number[] {
    const target = this.preTokens(word).map((p) => p.text)
    if (target.length === 0) return []
    const words = this.preTokens(prompt)
    const starts: number[] = [] // position of each pre-token's first piece (BOS is 0)
    let position = 1
    for (const w of words) {
      starts.push(position)
      position += w.pieces.length
    }
    const found: number[] = []
    for (let i = 0; i + target.length <= words.length; i++) {
      if (!target.every((t, k) => words[i + k].text === t)) continue
      for (let k = 0; k < target.length; k++) {
        words[i + k].pieces.forEach((_, p) => found.push(starts[i + k] + p))
      }
    }
    return found.filter((pos) => pos <= MAX_LENGTH - 2)
  }

  /** Ids back to text (for display and debugging; not an exact inverse of normalisation). */
  decode(ids: readonly number[]): string {
    const charToByte = new Map([...this.byteChars].map(([b, c]) => [c, b]))
    const text = ids.map((id) => this.decoder[id] ?? '').join('')
    const bytes = [...text.replaceAll('</w>', ' ')].map((c) => charToByte.get(c) ?? 0x20)
    return new TextDecoder().decode(new Uint8Array(bytes)).trim()
  }

  private preTokens(prompt: string): PreToken[] {
    const out: PreToken[] = []
    for (const segment of splitSpecialTokens(prompt)) {
      if (segment === BOS || segment === EOS) {
        out.push({ text: segment, pieces: [segment] })
        continue
      }
      for (const match of normalize(segment).matchAll(PRE_TOKEN)) {
        out.push({ text: match[0], pieces: this.bpe(this.toByteChars(match[0])) })
      }
    }
    return out
  }

  private toByteChars(text: string): string {
    let out = ''
    for (const b of new TextEncoder().encode(text)) out += this.byteChars.get(b)
    return out
  }

  /** Byte-pair merges by rank; the last symbol carries the end-of-word marker. */
  private bpe(token: string): string[] {
    const cached = this.cache.get(token)
    if (cached) return cached
    let word = [...token.slice(0, -1), `${token.slice(-1)}</w>`]
    while (word.length > 1) {
      const best = this.lowestRankPair(word)
      if (!best) break
      word = mergePair(word, best[0], best[1])
    }
    this.cache.set(token, word)
    return word
  }

  private lowestRankPair(word: string[]): [string, string] | undefined {
    let best: [string, string] | undefined
    let bestRank = Infinity
    for (let i = 0; i < word.length - 1; i++) {
      const rank = this.ranks.get(`${word[i]} ${word[i + 1]}`)
      if (rank !== undefined && rank < bestRank) [best, bestRank] = [[word[i], word[i + 1]], rank]
    }
    return best
  }
}

/** Replaces every adjacent (first, second) with their concatenation, left to right. */
function mergePair(word: string[], first: string, second: string): string[] {
  const out: string[] = []
  for (let i = 0; i < word.length; i++) {
    if (word[i] === first && word[i + 1] === second) {
      out.push(first + second)
      i++
    } else out.push(word[i])
  }
  return out
}

/** Literal special tokens in the prompt stay special (the slow tokenizer splits them out first). */
function splitSpecialTokens(prompt: string): string[] {
  return prompt.split(/(<\|startoftext\|>|<\|endoftext\|>)/).filter((s) => s.length > 0)
}

/** transformers' BasicTokenizer(strip_accents=False, do_split_on_punc=False), joined with spaces. */
export function normalize(text: string): string {
  let cleaned = ''
  for (const ch of text) {
    if (ch === '\u0000' || ch === '\ufffd' || isControl(ch)) continue
    cleaned += /^[ \t\n\r\p{Zs}]$/u.test(ch) ? ' ' : isCjkIdeograph(ch) ? ` ${ch} ` : ch
  }
  return cleaned
    .normalize('NFC')
    .split(/\s+/u)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
    .join(' ')
}

/** Unicode category C* except tab, newline and carriage return (which count as whitespace). */
function isControl(ch: string): boolean {
  return ch !== '\t' && ch !== '\n' && ch !== '\r' && /^\p{C}$/u.test(ch)
}

/** The CJK Unified Ideograph blocks BERT's tokenizer spaces out (not kana or hangul). */
function isCjkIdeograph(ch: string): boolean {
  const cp = ch.codePointAt(0) as number
  const blocks: Array<[number, number]> = [
    [0x4e00, 0x9fff],
    [0x3400, 0x4dbf],
    [0x20000, 0x2a6df],
    [0x2a700, 0x2b73f],
    [0x2b740, 0x2b81f],
    [0x2b820, 0x2ceaf],
    [0xf900, 0xfaff],
    [0x2f800, 0x2fa1f],
  ]
  return blocks.some(([lo, hi]) => cp >= lo && cp <= hi)
}

/** Byte → printable char: bytes that print as themselves keep their char, the other 68 map to U+0100+n. */
function byteToChar(): Map<number, string> {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff)
  const map = new Map<number, string>()
  for (let b = 0; b < 256; b++) if (printable(b)) map.set(b, String.fromCharCode(b))
  let n = 0
  for (let b = 0; b < 256; b++) if (!printable(b)) map.set(b, String.fromCharCode(256 + n++))
  return map // insertion order = vocabulary order: printable bytes first, then the remapped ones
}

/** resources/vocab/… next to the app (packaged) or found by walking up from this module (dev, tests). */
export function defaultVocabPath(): string {
  const roots: string[] = []
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath
  if (resourcesPath) roots.push(resourcesPath, dirname(resourcesPath))
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let up = 0; up < 6; up++, dir = dirname(dir)) roots.push(dir)
  for (const root of roots) {
    for (const candidate of [join(root, 'resources', 'vocab', VOCAB_FILE), join(root, 'vocab', VOCAB_FILE)]) {
      if (existsSync(candidate)) return candidate
    }
  }
  throw new Error(`CLIP vocabulary ${VOCAB_FILE} not found under resources/vocab; the installation is incomplete.`)
}
