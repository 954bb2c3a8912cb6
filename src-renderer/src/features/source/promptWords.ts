// The words of a prompt the animator can mark as naming the character. A word is a run of letters or
// digits, lowercased (the CLIP tokenizer lowercases too); the engine matches the same runs.

const WORD = /[\p{L}\p{N}]+/gu

/** Every distinct word of the prompt, in order of first appearance. */
export function promptWords(prompt: string): string[] {
  return [...new Set(prompt.toLowerCase().match(WORD) ?? [])]
}

/** The marked words still in the prompt (an edit may have removed some). */
export function wordsStillInPrompt(words: readonly string[], prompt: string): string[] {
  const present = new Set(promptWords(prompt))
  return words.filter((w) => present.has(w))
}

export function toggleWord(words: readonly string[], word: string): string[] {
  return words.includes(word) ? words.filter((w) => w !== word) : [...words, word]
}
