// The character mask as a tinted layer over the image, painted or erased with a round brush. The stroke
// edits the buffer in place and redraws only what it touched; releasing the pointer saves the mask once.

import { useEffect, useRef, type PointerEvent as ReactPointerEvent } from 'react'
import { overlayPixels, paintStroke, type MaskBuffer, type Point, type Rect } from './maskBrush'

export type BrushMode = 'paint' | 'erase'

export interface MaskCanvasProps {
  readonly mask: MaskBuffer
  /** Displayed size in CSS pixels. */
  readonly width: number
  readonly height: number
  /** null = not editing (the layer lets pointer events through). */
  readonly brush: { mode: BrushMode; sizePx: number } | null
  readonly visible: boolean
  readonly onCommit: (mask: MaskBuffer) => void
}

const TINT = [151, 117, 250] as const // Mantine violet.4
const OPACITY = 0.45

export function MaskCanvas({ mask, width, height, brush, visible, onCommit }: MaskCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null)
  const working = useRef<MaskBuffer>(mask)
  const last = useRef<Point | null>(null)

  useEffect(() => {
    working.current = { ...mask, values: mask.values.slice() }
    draw(canvasRef.current, working.current)
  }, [mask])

  const toMask = (e: ReactPointerEvent): Point => {
    const box = canvasRef.current!.getBoundingClientRect()
    return {
      x: ((e.clientX - box.left) / box.width) * mask.width,
      y: ((e.clientY - box.top) / box.height) * mask.height,
    }
  }
  const stroke = (to: Point) => {
    if (!brush) return
    const radius = ((brush.sizePx / 2) * mask.width) / Math.max(1, width)
    const dirty = paintStroke(working.current, last.current ?? to, to, radius, brush.mode === 'paint' ? 255 : 0)
    last.current = to
    if (dirty) draw(canvasRef.current, working.current, dirty)
  }
  const onDown = (e: ReactPointerEvent<HTMLCanvasElement>) => {
    if (!brush || e.button !== 0) return
    e.currentTarget.setPointerCapture?.(e.pointerId)
    last.current = null
    stroke(toMask(e))
  }
  const onMove = (e: ReactPointerEvent) => last.current && stroke(toMask(e))
  const onUp = () => {
    if (!last.current) return
    last.current = null
    onCommit({ ...working.current, values: working.current.values.slice() })
  }

  return (
    <canvas
      ref={canvasRef}
      width={mask.width}
      height={mask.height}
      style={{
        position: 'absolute',
        inset: 0,
        width,
        height,
        opacity: visible ? 1 : 0,
        pointerEvents: brush ? 'auto' : 'none',
        cursor: brush ? 'crosshair' : 'default',
        touchAction: 'none',
      }}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
      data-testid="mask-canvas"
    />
  )
}

/** Redraws `rect` of the overlay (all of it by default). */
function draw(canvas: HTMLCanvasElement | null, mask: MaskBuffer, rect?: Rect): void {
  const context = canvas?.getContext('2d')
  if (!context) return // no 2D canvas (component tests): the buffer still changes
  const r = rect ?? { x0: 0, y0: 0, x1: mask.width, y1: mask.height }
  const pixels = new ImageData(overlayPixels(mask, TINT, OPACITY, r), r.x1 - r.x0, r.y1 - r.y0)
  context.putImageData(pixels, r.x0, r.y0)
}
