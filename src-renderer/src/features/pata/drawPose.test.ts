import { describe, expect, it } from 'vitest'
import type { Pose18 } from '../../../../src-preload/api'
import { describeFrame } from './framing'
import { handEdgeColor, limbShapes, stickWidth } from './drawPose'

describe('OpenPose drawing in the page', () => {
  it('draws a limb as an ellipse between its joints, scaled to the canvas, and skips limbs with a missing end', () => {
    const pose: Pose18 = Array(18).fill(null)
    pose[1] = { x: 0.5, y: 0.2, confidence: 1 } // neck
    pose[2] = { x: 0.3, y: 0.2, confidence: 1 } // right shoulder
    pose[3] = null
    const shapes = limbShapes(pose, 1024, 512)
    expect(shapes).toEqual([{ limb: 0, cx: 409.6, cy: 102.4, halfLength: 102.4, halfWidth: 4, angle: Math.PI }])
    expect(stickWidth(512, 512)).toBe(4)
    expect(stickWidth(100, 100)).toBe(1.5)
  })

  it('colours hand edges as draw_handpose does: hue i / 20', () => {
    expect(handEdgeColor(0)).toEqual([255, 0, 0])
    expect(handEdgeColor(5)).toEqual([128, 255, 0]) // hue 0.25: hsv_to_rgb gives (0.5, 1, 0)
    expect(handEdgeColor(10)).toEqual([0, 255, 255])
  })

  it('names each preview frame: source, transition, motion', () => {
    expect(describeFrame(0, 3, 10).label).toBe('Source pose (frame 0)')
    expect(describeFrame(2, 3, 10)).toMatchObject({ part: 'transition', label: 'Transition 2 of 3' })
    expect(describeFrame(4, 3, 10)).toMatchObject({ part: 'motion', label: 'Motion 1 of 6' })
  })
})
