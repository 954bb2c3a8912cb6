import { describe, expect, it } from 'vitest'
import { ClipTokenizer, MAX_LENGTH } from './tokenizer'

describe('ClipTokenizer.wordTokenIndices', () => {
  const tokenizer = ClipTokenizer.load()
  const piecesAt = (prompt: string, positions: number[]) => positions.map((p) => tokenizer.tokenize(prompt).tokens[p])

  it('finds a single-piece word after BOS', () => {
    const prompt = 'a photograph of an astronaut riding a horse'
    expect(tokenizer.wordTokenIndices(prompt, 'astronaut')).toEqual([5])
    expect(piecesAt(prompt, tokenizer.wordTokenIndices(prompt, 'horse'))).toEqual(['horse</w>'])
  })

  it('returns every BPE piece of a word that splits into several', () => {
    const prompt = 'a snorgleblat samurai girl'
    const positions = tokenizer.wordTokenIndices(prompt, 'snorgleblat')
    expect(positions.length).toBeGreaterThan(1)
    expect(piecesAt(prompt, positions).join('')).toBe('snorgleblat</w>')
    expect(positions).toEqual(positions.map((_, k) => positions[0] + k))
  })

  it('matches case-insensitively, multi-word phrases, and every occurrence', () => {
    const prompt = 'A Red Dress, a blue dress and a red dress'
    const red = tokenizer.wordTokenIndices(prompt, 'red dress')
    expect(piecesAt(prompt, red)).toEqual(['red</w>', 'dress</w>', 'red</w>', 'dress</w>'])
    expect(tokenizer.wordTokenIndices(prompt, 'DRESS')).toHaveLength(3)
  })

  it('matches a word before a possessive and ignores absent words', () => {
    expect(tokenizer.wordTokenIndices("the dog's ball", 'dog')).toEqual([2])
    expect(tokenizer.wordTokenIndices('a cat', 'dog')).toEqual([])
    expect(tokenizer.wordTokenIndices('a cat', '  ')).toEqual([])
  })

  it('drops positions that truncation cuts off', () => {
    const prompt = `${'word '.repeat(80)}knight`
    expect(tokenizer.wordTokenIndices(prompt, 'knight')).toEqual([])
    expect(Math.max(...tokenizer.wordTokenIndices(prompt, 'word'))).toBe(MAX_LENGTH - 2)
  })
})

describe('ClipTokenizer basics', () => {
  const tokenizer = ClipTokenizer.load()

  it('pads the empty prompt with EOS and decodes simple prompts back', () => {
    expect(tokenizer.encode('')).toEqual([49406, ...new Array(76).fill(49407)])
    expect(tokenizer.decode(tokenizer.tokenize('Hello, World!').untruncatedIds.slice(1, -1))).toBe('hello , world !')
  })

  it('keeps literal special tokens special', () => {
    expect(tokenizer.tokenize('a<|endoftext|>b').untruncatedIds.slice(1, -1)).toEqual([
      tokenizer.encode('a')[1],
      49407,
      tokenizer.encode('b')[1],
    ])
  })
})
