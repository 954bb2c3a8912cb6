// BVH (Biovision hierarchy) reader: HIERARCHY (ROOT / JOINT / End Site, OFFSET, CHANNELS) and MOTION
// (Frames, Frame Time, one row of channel values per frame). Errors name the line they were found on.
import { UserError } from '../../errors'

export type Channel = 'Xposition' | 'Yposition' | 'Zposition' | 'Xrotation' | 'Yrotation' | 'Zrotation'
const CHANNELS: readonly string[] = ['Xposition', 'Yposition', 'Zposition', 'Xrotation', 'Yrotation', 'Zrotation']

export interface BvhJoint {
  name: string
  parent: number
  offset: [number, number, number]
  channels: Channel[]
  /** Index of this joint's first channel in a motion row. */
  channelStart: number
  /** End Site offset, when the joint has one (e.g. the top of the head). */
  endSite: [number, number, number] | null
}

export interface Bvh {
  joints: BvhJoint[]
  frameTime: number
  /** frames × channels */
  motion: Float64Array[]
}

class Tokens {
  private readonly words: { text: string; line: number }[] = []
  private at = 0
  constructor(
    text: string,
    private readonly source: string,
  ) {
    text.split(/\r?\n/).forEach((l, i) =>
      l
        .split(/\s+/)
        .filter(Boolean)
        .forEach((w) => this.words.push({ text: w, line: i + 1 })),
    )
  }
  peek(): string | undefined {
    return this.words[this.at]?.text
  }
  next(what: string): string {
    const word = this.words[this.at++]
    if (!word) throw this.error(`unexpected end of file, expected ${what}`)
    return word.text
  }
  expect(keyword: string): void {
    const got = this.next(keyword)
    if (got.toUpperCase() !== keyword.toUpperCase()) throw this.error(`expected "${keyword}", found "${got}"`, -1)
  }
  number(what: string): number {
    const text = this.next(what)
    const value = Number(text)
    if (!Number.isFinite(value)) throw this.error(`expected a number for ${what}, found "${text}"`, -1)
    return value
  }
  error(message: string, back = 0): UserError {
    const word = this.words[Math.min(this.at + back, this.words.length - 1)]
    return new UserError(`${this.source}: line ${word?.line ?? 0}: ${message}`)
  }
}

export function parseBvh(text: string, source = 'BVH file'): Bvh {
  const t = new Tokens(text, source)
  t.expect('HIERARCHY')
  const joints: BvhJoint[] = []
  t.expect('ROOT')
  let channelCount = parseJoint(t, joints, -1, 0)
  while (t.peek()?.toUpperCase() === 'ROOT') {
    t.next('ROOT')
    channelCount = parseJoint(t, joints, -1, channelCount)
  }
  t.expect('MOTION')
  t.expect('Frames:')
  const frames = t.number('the frame count')
  t.expect('Frame')
  t.expect('Time:')
  const frameTime = t.number('the frame time')
  if (!Number.isInteger(frames) || frames < 1)
    throw t.error(`the frame count must be a whole number ≥ 1, got ${frames}`, -1)
  if (!(frameTime > 0)) throw t.error(`the frame time must be positive, got ${frameTime}`, -1)
  const motion = Array.from({ length: frames }, (_, f) => {
    const row = new Float64Array(channelCount)
    for (let c = 0; c < channelCount; c++) row[c] = t.number(`channel ${c + 1} of frame ${f + 1}`)
    return row
  })
  if (t.peek() !== undefined) throw t.error(`more values than ${frames} frames × ${channelCount} channels`)
  return { joints, frameTime, motion }
}

/** Parses a joint's name and body { OFFSET, CHANNELS, children }; returns the running channel count. */
function parseJoint(t: Tokens, joints: BvhJoint[], parent: number, channelStart: number): number {
  const name = t.next('a joint name')
  const index = joints.length
  const joint: BvhJoint = { name, parent, offset: [0, 0, 0], channels: [], channelStart, endSite: null }
  joints.push(joint)
  t.expect('{')
  t.expect('OFFSET')
  joint.offset = [t.number('OFFSET x'), t.number('OFFSET y'), t.number('OFFSET z')]
  t.expect('CHANNELS')
  const count = t.number('the channel count')
  if (!Number.isInteger(count) || count < 0 || count > 6) throw t.error(`a joint has 0 to 6 channels, got ${count}`, -1)
  for (let i = 0; i < count; i++) {
    const channel = t.next('a channel name')
    if (!CHANNELS.includes(channel)) throw t.error(`unknown channel "${channel}"`, -1)
    joint.channels.push(channel as Channel)
  }
  let next = channelStart + count
  while (t.peek() !== '}') {
    const keyword = t.next('JOINT, End Site or }').toUpperCase()
    if (keyword === 'JOINT') next = parseJoint(t, joints, index, next)
    else if (keyword === 'END') joint.endSite = parseEndSite(t)
    else throw t.error(`expected JOINT, End Site or "}", found "${keyword}"`, -1)
  }
  t.expect('}')
  return next
}

function parseEndSite(t: Tokens): [number, number, number] {
  t.expect('Site')
  t.expect('{')
  t.expect('OFFSET')
  const offset: [number, number, number] = [t.number('OFFSET x'), t.number('OFFSET y'), t.number('OFFSET z')]
  t.expect('}')
  return offset
}
