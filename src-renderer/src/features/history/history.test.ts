import { describe, expect, it } from 'vitest'
import { History } from './history'

interface Doc {
  readonly a: readonly number[]
  readonly b: string
}

describe('History', () => {
  it('folds every change of a gesture into one entry and undoes it exactly', () => {
    const start: Doc = { a: [1], b: 'x' }
    const h = new History<Doc>(start)
    h.mark('drag')
    for (let i = 2; i < 10; i++) h.change((d) => ({ a: [...d.a, i] }))
    h.change(() => ({ b: 'y' }))
    h.end()
    expect(h.numUndos).toBe(1)
    expect(h.doc).toEqual({ a: [1, 2, 3, 4, 5, 6, 7, 8, 9], b: 'y' })
    h.undo()
    expect(h.doc.a).toBe(start.a)
    expect(h.doc.b).toBe('x')
    h.redo()
    expect(h.doc).toEqual({ a: [1, 2, 3, 4, 5, 6, 7, 8, 9], b: 'y' })
  })

  it('records changes outside a gesture one by one and clears redo on a new change', () => {
    const h = new History<Doc>({ a: [], b: '' })
    h.change(() => ({ b: '1' }), 'one')
    h.change(() => ({ b: '2' }), 'two')
    expect(h.undoLabels).toEqual(['one', 'two'])
    h.undo()
    expect(h.numRedos).toBe(1)
    h.change(() => ({ b: '3' }))
    expect(h.numRedos).toBe(0)
    expect(h.redo()).toBe(false)
  })

  it('leaves no entry for a gesture that changed nothing or came back to where it began', () => {
    const h = new History<Doc>({ a: [], b: 'x' })
    h.mark('click')
    h.end()
    h.mark('wiggle')
    h.change(() => ({ b: 'y' }))
    h.change(() => ({ b: 'x' }))
    h.end()
    expect(h.numUndos).toBe(0)
  })

  it('cancels a gesture back to its start without an entry', () => {
    const h = new History<Doc>({ a: [], b: 'x' })
    h.mark('drag')
    h.change(() => ({ b: 'y' }))
    h.cancel()
    expect(h.doc.b).toBe('x')
    expect(h.numUndos).toBe(0)
  })

  it('notifies subscribers until they unsubscribe', () => {
    const h = new History<Doc>({ a: [], b: '' })
    const seen: string[] = []
    const off = h.subscribe((d) => seen.push(d.b))
    h.change(() => ({ b: 'p' }))
    h.undo()
    off()
    h.redo()
    expect(seen).toEqual(['p', ''])
  })
})
