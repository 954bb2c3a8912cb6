// Undo history over an immutable document. Each entry is a patch: the before/after values of the top-level
// fields a change replaced (compared by reference, since the document is never mutated). A gesture
// (pointer down → up) opens with mark() and closes with end(); every change inside it folds into one entry,
// as tldraw marks a gesture. Undo puts the before values back, so restoration is exact by construction.

export interface Patch<D> {
  readonly before: Partial<D>
  readonly after: Partial<D>
}

interface Entry<D> {
  readonly label: string
  readonly patch: Patch<D>
}

interface OpenGesture<D> {
  readonly label: string
  readonly before: Partial<D>
  readonly after: Partial<D>
}

export type Listener<D> = (doc: D) => void

export class History<D extends object> {
  private current: D
  private readonly undos: Entry<D>[] = []
  private readonly redos: Entry<D>[] = []
  private gesture: OpenGesture<D> | null = null
  private readonly listeners = new Set<Listener<D>>()

  constructor(initial: D) {
    this.current = initial
  }

  get doc(): D {
    return this.current
  }

  get numUndos(): number {
    return this.undos.length
  }

  get numRedos(): number {
    return this.redos.length
  }

  get inGesture(): boolean {
    return this.gesture !== null
  }

  /** Labels of the undo stack, oldest first (for a history panel and for tests). */
  get undoLabels(): string[] {
    return this.undos.map((e) => e.label)
  }

  /** Open a gesture: changes until end() become one undo entry. Closes any gesture left open. */
  mark(label: string): void {
    this.end()
    this.gesture = { label, before: {}, after: {} }
  }

  /** Apply a change. Outside a gesture it is its own undo entry, named `label`. */
  change(update: (doc: D) => Partial<D>, label = 'change'): void {
    const fields = update(this.current)
    const changed = (Object.keys(fields) as (keyof D)[]).filter((k) => !Object.is(fields[k], this.current[k]))
    if (changed.length === 0) return
    const gesture: OpenGesture<D> = this.gesture ?? { label, before: {}, after: {} }
    for (const key of changed) {
      if (!(key in gesture.before)) gesture.before[key] = this.current[key]
      gesture.after[key] = fields[key]
    }
    this.current = { ...this.current, ...pick(fields, changed) }
    this.redos.length = 0
    if (!this.gesture) this.commit(gesture)
    this.emit()
  }

  /** Close the open gesture; one that changed nothing leaves no entry. */
  end(): void {
    const gesture = this.gesture
    this.gesture = null
    if (gesture) this.commit(gesture)
  }

  /** Abandon the open gesture (Escape mid-drag): the document returns to where the gesture began. */
  cancel(): void {
    const gesture = this.gesture
    this.gesture = null
    if (!gesture || Object.keys(gesture.before).length === 0) return
    this.current = { ...this.current, ...gesture.before }
    this.emit()
  }

  undo(): boolean {
    this.end()
    const entry = this.undos.pop()
    if (!entry) return false
    this.current = { ...this.current, ...entry.patch.before }
    this.redos.push(entry)
    this.emit()
    return true
  }

  redo(): boolean {
    this.end()
    const entry = this.redos.pop()
    if (!entry) return false
    this.current = { ...this.current, ...entry.patch.after }
    this.undos.push(entry)
    this.emit()
    return true
  }

  /** Replace the document without history (a new source pose, a loaded project). Clears both stacks. */
  reset(doc: D): void {
    this.gesture = null
    this.undos.length = 0
    this.redos.length = 0
    this.current = doc
    this.emit()
  }

  subscribe(listener: Listener<D>): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private commit(gesture: OpenGesture<D>): void {
    const keys = (Object.keys(gesture.after) as (keyof D)[]).filter(
      (k) => !Object.is(gesture.before[k], gesture.after[k]),
    )
    if (keys.length === 0) return
    this.undos.push({
      label: gesture.label,
      patch: { before: pick(gesture.before, keys), after: pick(gesture.after, keys) },
    })
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current)
  }
}

function pick<D>(fields: Partial<D>, keys: readonly (keyof D)[]): Partial<D> {
  const out: Partial<D> = {}
  for (const k of keys) out[k] = fields[k]
  return out
}
