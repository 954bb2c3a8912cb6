// The pose CLI commands end to end on the fixtures (detect, mask, bvh, video) and on bad input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UserError } from '../../../src-main/cli/command'
import { poseCommand } from '../../../src-main/cli/pose'
import { decodeImage } from '../../../src-main/engine/image/decode'
import { renderPoseImage } from '../../../src-main/engine/pose/draw'
import { parsePoseJson } from '../../../src-main/engine/pose/openposeJson'
import { recordingIo } from './cliIo'
import { POSE_FIXTURES } from './fixturePaths'

const out = mkdtempSync(join(tmpdir(), 'pose-cli-'))
const photo = (name: string) => resolve(POSE_FIXTURES, 'photos', name)

describe('pose CLI', () => {
  it('detect writes a keypoints file and the pose image', async () => {
    const io = recordingIo(true)
    const [json, png] = [join(out, 'shorts.json'), join(out, 'shorts.png')]
    await poseCommand.run(['detect', photo('Shorts.jpg'), '--out', json, '--draw', png], io)
    const doc = parsePoseJson(readFileSync(json, 'utf8'))
    expect([doc.width, doc.height, doc.poses[0].name]).toEqual([167, 250, 'Shorts'])
    expect(doc.poses[0].pose.filter(Boolean).length).toBeGreaterThanOrEqual(14)
    expect(decodeImage(readFileSync(png)).image.width).toBe(167)
    expect(JSON.parse(io.lines.at(-1)!).score).toBeGreaterThan(0.3)
  })

  it('mask writes a greyscale PNG the size of the image', async () => {
    const file = join(out, 'mask.png')
    await poseCommand.run(['mask', photo('grace_hopper.jpg'), '--out', file], recordingIo())
    const { image } = decodeImage(readFileSync(file))
    expect([image.width, image.height]).toEqual([512, 600])
  })

  it('bvh writes a pose sequence', async () => {
    const file = join(out, 'bvh.json')
    await poseCommand.run(
      ['bvh', resolve(POSE_FIXTURES, 'bvh/tpose_arms_down.bvh'), '--out', file, '--width', '640', '--height', '480'],
      recordingIo(),
    )
    const seq = JSON.parse(readFileSync(file, 'utf8'))
    expect([seq.width, seq.height, seq.frames.length, seq.frames[0].length]).toEqual([640, 480, 4, 18])
  })

  it('video writes a pose sequence and reports progress', async () => {
    const file = join(out, 'video.json')
    const io = recordingIo()
    await poseCommand.run(['video', resolve(POSE_FIXTURES, 'video/pan.mp4'), '--out', file, '--max-frames', '6'], io)
    expect(JSON.parse(readFileSync(file, 'utf8')).frames).toHaveLength(6)
    expect(io.errors.at(-1)).toMatch(/frame 6/)
  })

  it('draw shows the hands and face a keypoints file has, or only the parts --parts asks for', async () => {
    const body = Array.from({ length: 18 }, (_, i) => [0.3 + i / 60, 0.2 + i / 40])
    const hand = Array.from({ length: 21 }, (_, i) => [0.6 + (i % 5) / 50, 0.5 + i / 80])
    const file = join(out, 'full.json')
    writeFileSync(file, JSON.stringify({ poses: [{ name: 'p', width: 96, height: 64, body, left_hand: hand }] }))
    const draw = async (dir: string, ...flags: string[]) => {
      await poseCommand.run(['draw', file, '--out-dir', join(out, dir), ...flags], recordingIo())
      return decodeImage(readFileSync(join(out, dir, 'p.png'))).image
    }
    const [full, bodyOnly] = [await draw('full'), await draw('body', '--parts', 'body')]
    const pose = parsePoseJson(readFileSync(file, 'utf8')).poses[0].pose
    expect(bodyOnly).toEqual(renderPoseImage([pose], 96, 64))
    expect(full).not.toEqual(bodyOnly)
    await expect(draw('bad', '--parts', 'hands')).rejects.toThrow(/--parts must be body, body\+hands or full/)
  })

  it.each([
    [
      'a corrupt image',
      () => writeBytes('broken.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])),
      /could not be decoded as JPEG/,
    ],
    ['an image with no person', () => photo('rocket.jpg'), /no person found in .*rocket.jpg/],
    ['a text file', () => writeBytes('notes.png', Buffer.from('not an image')), /not a PNG or JPEG/],
  ])('detect refuses %s', async (_, file, message) => {
    const run = poseCommand.run(['detect', file()], recordingIo())
    await expect(run).rejects.toThrow(UserError)
    await expect(run).rejects.toThrow(message)
  })

  it('checks its options', async () => {
    await expect(poseCommand.run(['detect', photo('Shorts.jpg'), '--model', 'heavy'], recordingIo())).rejects.toThrow(
      /--model must be/,
    )
    await expect(poseCommand.run(['video', 'x.mp4', '--out', 'y', '--max-frames', '0'], recordingIo())).rejects.toThrow(
      /--max-frames/,
    )
    await expect(poseCommand.run(['mask', photo('Shorts.jpg')], recordingIo())).rejects.toThrow(/--out is required/)
    await expect(
      poseCommand.run(['bvh', photo('Shorts.jpg'), '--out', join(out, 'z.json')], recordingIo()),
    ).rejects.toThrow(/expected "HIERARCHY"/)
  })
})

function writeBytes(name: string, bytes: Buffer): string {
  const file = join(out, name)
  writeFileSync(file, bytes)
  return file
}
