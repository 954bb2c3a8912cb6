// CLIP tokenizer against transformers' slow CLIPTokenizer without ftfy (golden tokenizer_cases.json):
// ids must match exactly, as must the untruncated ids and BPE tokens.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BOS_ID, ClipTokenizer, EOS_ID, MAX_LENGTH, PAD_ID } from '../../src-main/engine/models/tokenizer'
import { goldenDir, goldenJson, manifest } from './helpers/golden'

interface TokenizerCases {
  bos_id: number
  eos_id: number
  pad_id: number
  max_length: number
  vocab_file: string
  cases: Case[]
}

interface Case {
  prompt: string
  ids: number[]
  ids_untruncated: number[]
  tokens: string[]
  truncated: boolean
}

const golden = goldenJson<TokenizerCases>('tokenizer_cases.json')

describe('CLIP tokenizer (shipped vocabulary)', () => {
  const tokenizer = ClipTokenizer.load()
  const cases: Case[] = golden.cases

  it('uses the golden framing constants', () => {
    expect([golden.bos_id, golden.eos_id, golden.pad_id, golden.max_length]).toEqual([
      BOS_ID,
      EOS_ID,
      PAD_ID,
      MAX_LENGTH,
    ])
    expect(cases.length).toBe(manifest.cases.tokenizer.num_prompts)
  })

  it.each(cases.map((c, i) => [i, JSON.stringify(c.prompt).slice(0, 60), c] as const))(
    'case %i %s: ids, untruncated ids and BPE tokens match exactly',
    (_i, _label, c) => {
      const out = tokenizer.tokenize(c.prompt)
      expect(out.ids).toEqual(c.ids)
      expect(out.untruncatedIds).toEqual(c.ids_untruncated)
      expect(out.tokens).toEqual(c.tokens)
      expect(out.truncated).toBe(c.truncated)
    },
  )

  it('reads the same vocabulary as the golden copy', () => {
    const fromGolden = ClipTokenizer.load(join(goldenDir, golden.vocab_file.split(' ')[0]))
    for (const c of cases) expect(fromGolden.encode(c.prompt)).toEqual(tokenizer.encode(c.prompt))
  })
})
