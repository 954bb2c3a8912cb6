// The rig's face (issue 15, decision 0341): the 70-point OpenPose face layout (68 iBUG landmarks, then the
// right and left pupil) as a template attached to the head, shaped by expression weights. Weights blend
// linearly, so in-betweens between two expressions are smooth.
//
// Template frame, in units of the distance between the eye centres: origin at the nose tip (point 30, the
// rig's nose joint), x towards the image's right (the person's left), y up, z towards the viewer.

import type { Vec3 } from './math/vec3'

export interface FaceExpression {
  /** 0 … 1: mouth corners up and out. */
  readonly smile: number
  /** 0 … 1: jaw and lower lip down, lips apart. */
  readonly openMouth: number
  /** 0 … 1: upper lids down onto the lower. */
  readonly eyesClosed: number
}

export const FACE_EXPRESSION_NAMES = ['neutral', 'smile', 'openMouth', 'eyesClosed'] as const
export type FaceExpressionName = (typeof FACE_EXPRESSION_NAMES)[number]

const NEUTRAL: FaceExpression = { smile: 0, openMouth: 0, eyesClosed: 0 }
export const FACE_EXPRESSIONS: Readonly<Record<FaceExpressionName, FaceExpression>> = {
  neutral: NEUTRAL,
  smile: { ...NEUTRAL, smile: 1 },
  openMouth: { ...NEUTRAL, openMouth: 1 },
  eyesClosed: { ...NEUTRAL, eyesClosed: 1 },
}

/** What a key without a face shows once any key of the motion has one. */
export const REST_FACE: FaceExpression = NEUTRAL

export function lerpFace(a: FaceExpression, b: FaceExpression, t: number): FaceExpression {
  const mix = (x: number, y: number) => x + (y - x) * t
  return {
    smile: mix(a.smile, b.smile),
    openMouth: mix(a.openMouth, b.openMouth),
    eyesClosed: mix(a.eyesClosed, b.eyesClosed),
  }
}

type P = [number, number]
const jaw: P[] = Array.from({ length: 17 }, (_, i) => {
  const a = ((190 + i * 10) * Math.PI) / 180
  return [0.95 * Math.cos(a), 0.15 + 1.2 * Math.sin(a)]
})
const BROW_X = [0.85, 0.67, 0.5, 0.33, 0.15]
const BROW_Y = [0.56, 0.62, 0.64, 0.62, 0.57]
/** Eye outline from its outer corner for the person's right eye: outer, two upper, inner, two lower. */
const RIGHT_EYE: P[] = [[-0.72, 0.35], [-0.58, 0.42], [-0.42, 0.42], [-0.28, 0.35], [-0.42, 0.29], [-0.58, 0.29]] // prettier-ignore
const TEMPLATE_2D: readonly P[] = [
  ...jaw,
  ...BROW_X.map((x, i): P => [-x, BROW_Y[i]]),
  ...BROW_X.map((x, i): P => [x, BROW_Y[i]]).reverse(),
  [0, 0.35], [0, 0.24], [0, 0.12], [0, 0],
  [-0.2, -0.1], [-0.1, -0.12], [0, -0.13], [0.1, -0.12], [0.2, -0.1],
  ...RIGHT_EYE,
  // The left eye starts at its inner corner (OpenPose order): the right eye mirrored, in that order.
  ...[3, 2, 1, 0, 5, 4].map((i): P => [-RIGHT_EYE[i][0], RIGHT_EYE[i][1]]),
  [-0.4, -0.45], [-0.25, -0.38], [-0.1, -0.35], [0, -0.37], [0.1, -0.35], [0.25, -0.38],
  [0.4, -0.45], [0.25, -0.55], [0.1, -0.6], [0, -0.61], [-0.1, -0.6], [-0.25, -0.55],
  [-0.33, -0.45], [-0.1, -0.43], [0, -0.43], [0.1, -0.43],
  [0.33, -0.45], [0.1, -0.47], [0, -0.47], [-0.1, -0.47],
  [-0.5, 0.35], [0.5, 0.35],
] // prettier-ignore

/** Each expression's displacement per point (x, y) at full weight. */
function displacement(kind: keyof FaceExpression, i: number): P {
  if (kind === 'smile') {
    if (i === 48 || i === 60) return [-0.08, 0.12]
    if (i === 54 || i === 64) return [0.08, 0.12]
    if ([49, 59, 61, 67].includes(i)) return [-0.03, 0.05]
    if ([53, 55, 63, 65].includes(i)) return [0.03, 0.05]
    return [0, 0]
  }
  if (kind === 'openMouth') {
    if (i >= 55 && i <= 59) return [0, -0.3]
    if (i >= 65 && i <= 67) return [0, -0.28]
    if (i >= 4 && i <= 12) return [0, -0.22 * Math.cos(((i - 8) / 5) * (Math.PI / 2))]
    return [0, 0]
  }
  // eyesClosed: upper lids meet the lower ones
  if ([37, 38, 43, 44].includes(i)) return [0, -0.11]
  if ([40, 41, 46, 47].includes(i)) return [0, 0.02]
  return [0, 0]
}

/** The 70 face points in the template frame for an expression (z: a rounded face behind the nose tip). */
export function faceLocalPoints(expression: FaceExpression): Vec3[] {
  return TEMPLATE_2D.map(([x, y], i) => {
    let [px, py] = [x, y]
    for (const kind of ['smile', 'openMouth', 'eyesClosed'] as const) {
      const [dx, dy] = displacement(kind, i)
      px += dx * expression[kind]
      py += dy * expression[kind]
    }
    const z = i >= 27 && i <= 30 ? (-0.3 * (30 - i)) / 3 : -0.3 - 0.35 * px * px
    return [px, py, z]
  })
}
