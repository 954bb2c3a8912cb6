// Words for a render's progress: what each pipeline stage is (DESIGN §4) and how long is left.

const STAGE_LABELS: Record<string, string> = {
  prepare: 'Preparing image, prompt and pose',
  inversion: 'DDIM inversion',
  'pacm-source': 'Pose-aware inversion (PACM)',
  'pacm-frames': 'Per-frame pose-aware embeddings (PACM)',
  generate: 'Generating frames (DCAM, MGDM)',
  decode: 'Decoding frames',
}

export function stageLabel(stage: string): string {
  return STAGE_LABELS[stage] ?? stage
}

/** "about 12 s left", "about 3 min 05 s left"; null while there is no measurement yet. */
export function etaText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating time left…'
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `about ${s} s left`
  if (s < 3600) return `about ${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s left`
  return `about ${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min left`
}

export function jobTitle(kind: 'render' | 'frame' | 'stale', frame?: number): string {
  if (kind === 'frame') return `Re-rendering frame ${frame ?? ''}`.trim()
  if (kind === 'stale') return 'Re-rendering stale frames'
  return 'Rendering'
}

export function percent(fraction: number): string {
  return `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`
}
