import { describe, expect, it } from 'vitest'
import { DEFAULT_ONION, onionSkinFrames } from './onion'
import { PlaybackClock, frameAtTime, type Scheduler } from './playback'
import { setKeyframe } from '../../../../src-preload/motion/timeline/keyframes'
import { restPose } from '../../../../src-preload/motion/rig/pose'
import { buildRig } from '../../../../src-preload/motion/rig/rig'
import { STANDING_FRONT } from '../../../../src-preload/motion/testing/samplePoses'

function fakeScheduler() {
  let time = 0
  let pending: (() => void) | null = null
  const scheduler: Scheduler = {
    now: () => time,
    request: (tick) => ((pending = tick), 1),
    cancel: () => (pending = null),
  }
  const advance = (ms: number) => {
    time += ms
    const tick = pending
    pending = null
    tick?.()
  }
  return { scheduler, advance, isPending: () => pending !== null }
}

describe('playback', () => {
  it('derives the frame from elapsed time at the project fps', () => {
    const s = { fps: 24, frameCount: 48, loop: true }
    expect(frameAtTime(0, 5, s)).toBe(5)
    expect(frameAtTime(1000, 0, s)).toBe(24)
    expect(frameAtTime(1000 / 24 - 0.01, 0, s)).toBe(0)
    expect(frameAtTime(2500, 0, s)).toBe(60 % 48)
    expect(frameAtTime(2500, 0, { ...s, loop: false })).toBeNull()
  })

  it('plays, skips frames on slow ticks, and stops at the end without looping', () => {
    const { scheduler, advance, isPending } = fakeScheduler()
    const shown: number[] = []
    let stopped = 0
    const clock = new PlaybackClock({ fps: 10, frameCount: 10, loop: false }, (f) => shown.push(f), () => stopped++, scheduler) // prettier-ignore
    clock.play(2)
    advance(0)
    advance(100)
    advance(350)
    advance(1000)
    expect(shown).toEqual([2, 3, 6, 9])
    expect(clock.playing).toBe(false)
    expect(isPending()).toBe(false)
    expect(stopped).toBe(1)
    clock.play(9) // from the last frame: starts over
    advance(0)
    expect(shown.at(-1)).toBe(0)
    clock.pause()
    expect(() => new PlaybackClock({ fps: 0, frameCount: 1, loop: true }, () => {})).toThrow(/positive frame rate/)
  })
})

describe('onion skin', () => {
  const rig = buildRig(STANDING_FRONT, 1)
  const keys = [0, 6, 12, 18].reduce((k, f) => setKeyframe(k, f, restPose(rig)), setKeyframe([], 0, restPose(rig)))

  it('shows the nearest keys on each side, fainter further out', () => {
    const ghosts = onionSkinFrames(keys, 12, 24, { mode: 'keys', before: 2, after: 1 })
    expect(ghosts.map((g) => [g.frame, g.offset])).toEqual([[6, -1], [0, -2], [18, 1]]) // prettier-ignore
    expect(ghosts[0].opacity).toBeGreaterThan(ghosts[1].opacity)
    expect(onionSkinFrames(keys, 0, 24, DEFAULT_ONION).map((g) => g.frame)).toEqual([6])
  })

  it('shows frames at a fixed step within the timeline', () => {
    const ghosts = onionSkinFrames(keys, 3, 6, { mode: 'frames', before: 3, after: 3, step: 2 })
    expect(ghosts.map((g) => g.frame)).toEqual([1, 5])
  })
})
