// Drag and drop of one file onto an element: the page reads the bytes (no path is involved).

import { useState, type DragEvent } from 'react'

export function useFileDrop(onFile: (file: File) => void, onNotAFile: () => void) {
  const [over, setOver] = useState(false)
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files')
  return {
    over,
    handlers: {
      onDragOver: (e: DragEvent) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        setOver(true)
      },
      onDragLeave: () => setOver(false),
      onDrop: (e: DragEvent) => {
        e.preventDefault()
        setOver(false)
        const file = e.dataTransfer?.files?.[0]
        if (file) onFile(file)
        else onNotAFile()
      },
    },
  }
}
