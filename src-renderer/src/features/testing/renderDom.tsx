// Minimal DOM rendering for component tests under happy-dom (no extra testing library): mount inside
// Mantine's dark theme, act() around every interaction.

import { MantineProvider } from '@mantine/core'
import { act, type ReactNode } from 'react'
import { createRoot, type Root } from 'react-dom/client'

;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true

export interface Rendered {
  readonly container: HTMLElement
  get(testId: string): HTMLElement
  query(testId: string): HTMLElement | null
  rerender(ui: ReactNode): void
  unmount(): void
}

export function renderDom(ui: ReactNode): Rendered {
  const container = document.createElement('div')
  document.body.appendChild(container)
  let root!: Root
  const wrap = (node: ReactNode) => <MantineProvider defaultColorScheme="dark">{node}</MantineProvider>
  act(() => {
    root = createRoot(container)
    root.render(wrap(ui))
  })
  const query = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`)
  return {
    container,
    query,
    get(id) {
      const el = query(id)
      if (!el) throw new Error(`No element with data-testid="${id}"`)
      return el
    },
    rerender: (node) => act(() => root.render(wrap(node))),
    unmount() {
      act(() => root.unmount())
      container.remove()
    },
  }
}

/** Dispatch a pointer event the way a browser would (bubbling, with client coordinates). */
export function pointer(target: Element, type: string, clientX: number, opts: { shiftKey?: boolean } = {}): void {
  act(() => {
    target.dispatchEvent(new PointerEvent(type, { bubbles: true, cancelable: true, clientX, clientY: 10, pointerId: 1, ...opts })) // prettier-ignore
  })
}

/** Run a change outside React (an editor call) and let React catch up. */
export function run(fn: () => void): void {
  act(fn)
}

export function key(keyName: string, opts: { ctrlKey?: boolean; shiftKey?: boolean } = {}): void {
  act(() => {
    window.dispatchEvent(new KeyboardEvent('keydown', { key: keyName, bubbles: true, cancelable: true, ...opts }))
  })
}
