import { describe, expect, it } from 'vitest'
import { promptWords, toggleWord, wordsStillInPrompt } from './promptWords'

describe('prompt words', () => {
  it('splits like the tokenizer’s word runs: lowercased, punctuation dropped, each word once', () => {
    expect(promptWords('A knight, in silver armour — a KNIGHT of T-800!')).toEqual([
      'a', 'knight', 'in', 'silver', 'armour', 'of', 't', '800',
    ]) // prettier-ignore
    expect(promptWords('  ')).toEqual([])
    expect(promptWords('Élodie dança')).toEqual(['élodie', 'dança'])
  })

  it('forgets marked words the prompt lost, and toggles', () => {
    expect(wordsStillInPrompt(['knight', 'horse'], 'a knight in a field')).toEqual(['knight'])
    expect(toggleWord(['knight'], 'horse')).toEqual(['knight', 'horse'])
    expect(toggleWord(['knight', 'horse'], 'knight')).toEqual(['horse'])
  })
})
