// How time runs between two keyframes. The easing belongs to the key the motion leaves from.

export const EASINGS = ['linear', 'easeInOut', 'easeIn', 'easeOut', 'hold'] as const
export type Easing = (typeof EASINGS)[number]

export const EASING_LABELS: Record<Easing, string> = {
  linear: 'Linear',
  easeInOut: 'Ease in-out',
  easeIn: 'Ease in',
  easeOut: 'Ease out',
  hold: 'Hold (step)',
}

/** Map linear progress t ∈ [0, 1] to eased progress; 'hold' keeps the first pose until the next key. */
export function applyEasing(easing: Easing, t: number): number {
  const x = Math.min(1, Math.max(0, t))
  switch (easing) {
    case 'linear':
      return x
    case 'easeIn':
      return x * x
    case 'easeOut':
      return 1 - (1 - x) * (1 - x)
    case 'easeInOut':
      // Cubic, C1 at both ends and symmetric about t = 1/2.
      return x < 0.5 ? 4 * x * x * x : 1 - Math.pow(-2 * x + 2, 3) / 2
    case 'hold':
      return x >= 1 ? 1 : 0
  }
}
