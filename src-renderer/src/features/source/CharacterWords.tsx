// The prompt and its words as chips: the animator marks the words that name the character (their
// cross-attention becomes each frame's character mask). Saved when typing pauses and on every toggle.

import { Chip, Group, Stack, Text, Textarea } from '@mantine/core'
import { useEffect, useRef, useState } from 'react'
import { promptWords, toggleWord, wordsStillInPrompt } from './promptWords'

export interface CharacterWordsProps {
  readonly prompt: string
  readonly characterWords: readonly string[]
  readonly onSave: (prompt: string, characterWords: string[]) => void
}

const SAVE_AFTER_MS = 600

export function CharacterWords({ prompt: savedPrompt, characterWords: savedWords, onSave }: CharacterWordsProps) {
  const [prompt, setPrompt] = useState(savedPrompt)
  const [words, setWords] = useState<string[]>([...savedWords])
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const pending = useRef<(() => void) | null>(null)

  const save = (nextPrompt: string, nextWords: string[], delay: number) => {
    if (timer.current) clearTimeout(timer.current)
    pending.current = () => onSave(nextPrompt, nextWords)
    timer.current = setTimeout(flush, delay)
  }
  const flush = () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    pending.current?.()
    pending.current = null
  }
  const flushRef = useRef(flush)
  flushRef.current = flush
  useEffect(() => () => flushRef.current(), [])

  const edit = (next: string) => {
    const kept = wordsStillInPrompt(words, next)
    setPrompt(next)
    setWords(kept)
    save(next, kept, SAVE_AFTER_MS)
  }
  const toggle = (word: string) => {
    const next = toggleWord(words, word)
    setWords(next)
    save(prompt, next, 0)
  }

  const all = promptWords(prompt)
  return (
    <Stack gap="xs">
      <Textarea
        label="Prompt"
        description="Describe the picture, e.g. “a knight in silver armour in a forest”."
        autosize
        minRows={2}
        maxRows={5}
        value={prompt}
        onChange={(e) => edit(e.currentTarget.value)}
        onBlur={flush}
        data-testid="prompt-input"
      />
      <Text size="sm" fw={500}>
        Words that name the character
      </Text>
      {all.length === 0 ? (
        <Text size="xs" c="dimmed" data-testid="words-empty">
          Write a prompt first, then mark the words that name the character (e.g. “knight”).
        </Text>
      ) : (
        <Group gap={6} data-testid="character-words">
          {all.map((word) => (
            <Chip
              key={word}
              size="xs"
              checked={words.includes(word)}
              onChange={() => toggle(word)}
              wrapperProps={{ 'data-testid': `word-chip-${word}` }}
            >
              {word}
            </Chip>
          ))}
        </Group>
      )}
      {all.length > 0 && words.length === 0 && (
        <Text size="xs" c="dimmed">
          None marked: the whole prompt's attention is used for the per-frame masks.
        </Text>
      )}
    </Stack>
  )
}
