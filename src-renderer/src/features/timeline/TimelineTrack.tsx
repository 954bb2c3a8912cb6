// The ruler track: ticks and labels, key diamonds, the draft marker and the playhead. Positions are in
// percent of the width, so the track follows any resize without measuring; only pointer input measures.

import { useRef, type CSSProperties, type PointerEvent as ReactPointerEvent } from 'react'
import type { AnimationEditor } from '../editor/editor'
import { useEditorVersion } from '../editor/useEditorVersion'
import { fractionOfFrame, frameAtX, framesForPixels, labelStep } from './ruler'

const TRACK_HEIGHT = 44
const percent = (frame: number, count: number) => `${fractionOfFrame(frame, count) * 100}%`

export function TimelineTrack({ editor }: { readonly editor: AnimationEditor }) {
  useEditorVersion(editor)
  const trackRef = useRef<HTMLDivElement>(null)
  const gesture = useRef<{ kind: 'scrub' } | { kind: 'keys'; startX: number } | null>(null)
  const { frameCount } = editor

  const localX = (e: ReactPointerEvent) => e.clientX - (trackRef.current?.getBoundingClientRect().left ?? 0)
  const width = () => trackRef.current?.getBoundingClientRect().width ?? 0

  const onPointerDown = (e: ReactPointerEvent<HTMLDivElement>) => {
    trackRef.current?.setPointerCapture?.(e.pointerId)
    const keyFrame = (e.target as HTMLElement).dataset?.keyframe
    if (keyFrame !== undefined) {
      const frame = Number(keyFrame)
      if (!editor.selectedKeys.includes(frame) || e.shiftKey) editor.selectKeys([frame], e.shiftKey)
      editor.beginKeyDrag()
      gesture.current = { kind: 'keys', startX: localX(e) }
      return
    }
    if (!e.shiftKey) editor.selectKeys([])
    gesture.current = { kind: 'scrub' }
    editor.setFrame(frameAtX(localX(e), width(), frameCount))
  }

  const onPointerMove = (e: ReactPointerEvent<HTMLDivElement>) => {
    const g = gesture.current
    if (!g) return
    if (g.kind === 'scrub') editor.setFrame(frameAtX(localX(e), width(), frameCount))
    else editor.updateKeyDrag(framesForPixels(localX(e) - g.startX, width(), frameCount))
  }

  const onPointerUp = () => {
    if (gesture.current?.kind === 'keys') editor.endKeyDrag()
    gesture.current = null
  }

  const step = labelStep(trackRef.current?.getBoundingClientRect().width || 800, frameCount)
  const labels = Array.from({ length: Math.floor((frameCount - 1) / step) + 1 }, (_, i) => i * step)
  const draftFrame = editor.doc.draft?.frame

  return (
    <div
      ref={trackRef}
      role="slider"
      aria-label="Timeline"
      aria-valuemin={0}
      aria-valuemax={frameCount - 1}
      aria-valuenow={editor.frame}
      data-testid="timeline-track"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      style={{
        position: 'relative',
        height: TRACK_HEIGHT,
        margin: '0 8px',
        cursor: 'ew-resize',
        userSelect: 'none',
        touchAction: 'none',
        borderTop: '1px solid var(--mantine-color-dark-4)',
        background: 'var(--mantine-color-dark-7)',
      }}
    >
      {labels.map((f) => (
        <div key={f} style={{ position: 'absolute', left: percent(f, frameCount), top: 0, pointerEvents: 'none' }}>
          <div style={{ width: 1, height: 6, background: 'var(--mantine-color-dark-2)' }} />
          <span
            style={{
              fontSize: 10,
              color: 'var(--mantine-color-dark-1)',
              transform: 'translateX(-50%)',
              display: 'inline-block',
            }}
          >
            {f}
          </span>
        </div>
      ))}
      {editor.keyframes.map((k) => (
        <div
          key={k.frame}
          data-keyframe={k.frame}
          data-selected={editor.selectedKeys.includes(k.frame) || undefined}
          title={`Key at frame ${k.frame} (${k.easing})`}
          style={diamondStyle(percent(k.frame, frameCount), editor.selectedKeys.includes(k.frame))}
        />
      ))}
      {draftFrame !== undefined && (
        <div
          data-testid="draft-marker"
          title="Unkeyed pose"
          style={{
            ...diamondStyle(percent(draftFrame, frameCount), false),
            background: 'transparent',
            pointerEvents: 'none',
          }}
        />
      )}
      <div
        data-testid="playhead"
        style={{
          position: 'absolute',
          left: percent(editor.frame, frameCount),
          top: 0,
          bottom: 0,
          width: 2,
          marginLeft: -1,
          background: 'var(--mantine-color-red-6)',
          pointerEvents: 'none',
        }}
      />
    </div>
  )
}

function diamondStyle(left: string, selected: boolean): CSSProperties {
  return {
    position: 'absolute',
    left,
    top: 26,
    width: 10,
    height: 10,
    marginLeft: -5,
    transform: 'rotate(45deg)',
    background: selected ? 'var(--mantine-color-orange-5)' : 'var(--mantine-color-yellow-3)',
    border: '1px solid var(--mantine-color-dark-9)',
    cursor: 'grab',
  }
}
