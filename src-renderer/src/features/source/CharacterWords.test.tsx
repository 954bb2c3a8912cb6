// @vitest-environment happy-dom
import { act } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { renderDom, type Rendered } from '../testing/renderDom'

// Mantine's autosize textarea listens for font loads; happy-dom has no document.fonts.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: new EventTarget() })
import { CharacterWords } from './CharacterWords'

function type(input: HTMLTextAreaElement, text: string) {
  act(() => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(input, text)
    input.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

describe('CharacterWords', () => {
  let view: Rendered | null = null
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => {
    view?.unmount()
    view = null
    vi.useRealTimers()
  })

  it('saves the prompt when typing pauses, marks words, and forgets words the prompt lost', () => {
    const onSave = vi.fn()
    view = renderDom(<CharacterWords prompt="" characterWords={[]} onSave={onSave} />)
    expect(view.get('words-empty')).toBeTruthy()
    const input = view.get('prompt-input') as HTMLTextAreaElement
    type(input, 'a knight on a horse')
    expect(onSave).not.toHaveBeenCalled()
    act(() => void vi.advanceTimersByTime(700))
    expect(onSave).toHaveBeenLastCalledWith('a knight on a horse', [])

    act(() => view!.get('word-chip-knight').querySelector('input')!.click())
    act(() => void vi.advanceTimersByTime(1))
    expect(onSave).toHaveBeenLastCalledWith('a knight on a horse', ['knight'])

    type(input, 'a rider on a horse')
    act(() => void vi.advanceTimersByTime(700))
    expect(onSave).toHaveBeenLastCalledWith('a rider on a horse', [])
    expect(view.query('word-chip-knight')).toBeNull()
  })
})
