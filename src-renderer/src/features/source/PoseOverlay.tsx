// The source pose drawn over the image in OpenPose colours. Drag a joint to move it; Alt+click removes it.
// The drag is local until the pointer is released, then one save (one change per gesture).

import { useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react'
import { OPENPOSE_18, type Pose18 } from '../../../../src-preload/api'
import { OPENPOSE_COLORS, OPENPOSE_LIMBS } from '../../../../src-preload/motion/openposeStyle'

export interface PoseOverlayProps {
  readonly pose: Pose18
  /** Size of the displayed image in CSS pixels (the overlay covers it exactly). */
  readonly width: number
  readonly height: number
  readonly interactive: boolean
  readonly onChange: (pose: Pose18) => void
}

const rgb = ([r, g, b]: readonly [number, number, number]) => `rgb(${r}, ${g}, ${b})`

export function PoseOverlay({ pose, width, height, interactive, onChange }: PoseOverlayProps) {
  const [draft, setDraft] = useState<Pose18 | null>(null)
  const dragging = useRef<number | null>(null)
  const svgRef = useRef<SVGSVGElement>(null)
  useEffect(() => setDraft(null), [pose])
  const shown = draft ?? pose
  const radius = Math.max(4, Math.min(9, Math.min(width, height) / 60))

  const toImage = (e: ReactPointerEvent) => {
    const box = svgRef.current!.getBoundingClientRect()
    const clamp = (v: number) => Math.min(1, Math.max(0, v))
    return { x: clamp((e.clientX - box.left) / box.width), y: clamp((e.clientY - box.top) / box.height) }
  }
  const onDown = (joint: number) => (e: ReactPointerEvent<SVGCircleElement>) => {
    if (!interactive || e.button !== 0) return
    e.stopPropagation()
    if (e.altKey) return onChange(shown.map((k, j) => (j === joint ? null : k)))
    ;(e.target as Element).setPointerCapture?.(e.pointerId)
    dragging.current = joint
  }
  const onMove = (e: ReactPointerEvent) => {
    const joint = dragging.current
    if (joint === null) return
    const at = toImage(e)
    setDraft(shown.map((k, j) => (j === joint ? { x: at.x, y: at.y, confidence: k?.confidence ?? 1 } : k)))
  }
  const onUp = () => {
    if (dragging.current === null) return
    dragging.current = null
    if (draft) onChange(draft)
  }

  return (
    <svg
      ref={svgRef}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      style={{ position: 'absolute', inset: 0, pointerEvents: interactive ? 'auto' : 'none', touchAction: 'none' }}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={onUp}
      data-testid="pose-overlay"
    >
      {OPENPOSE_LIMBS.map(([a, b], i) => {
        const p = shown[a]
        const q = shown[b]
        if (!p || !q) return null
        return (
          <line
            key={i}
            x1={p.x * width}
            y1={p.y * height}
            x2={q.x * width}
            y2={q.y * height}
            stroke={rgb(OPENPOSE_COLORS[i])}
            strokeOpacity={0.75}
            strokeWidth={radius * 0.9}
            strokeLinecap="round"
          />
        )
      })}
      {shown.map((k, j) =>
        k ? (
          <circle
            key={j}
            cx={k.x * width}
            cy={k.y * height}
            r={radius}
            fill={rgb(OPENPOSE_COLORS[j])}
            stroke="white"
            strokeWidth={1.5}
            style={{ cursor: interactive ? 'grab' : 'default' }}
            onPointerDown={onDown(j)}
            data-testid={`pose-joint-${OPENPOSE_18[j]}`}
          >
            <title>{`${OPENPOSE_18[j]} — drag to move, Alt+click to remove`}</title>
          </circle>
        ) : null,
      )}
    </svg>
  )
}
