// `poseanimate pose <sub>`: pose drawing, detection, character masks and pose-sequence import.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { readImageFile } from '../engine/image/decode'
import { encodeMaskPng, writePng } from '../engine/image/encode'
import { PersonSegmenter } from '../engine/pose/detect/segmentPerson'
import { PoseDetector } from '../engine/pose/detect/detectPose'
import type { MoveNetVariant } from '../engine/pose/detect/movenet'
import { renderFullPoseImage, renderPoseImage } from '../engine/pose/draw'
import type { PoseDrawParts } from '../engine/pose/fullPose'
import { poseSequenceFromBvh } from '../engine/pose/io/bvh'
import { poseSequenceFromVideo } from '../engine/pose/io/video'
import { fullPoseOf, parsePoseJson, toKeypointsFile } from '../engine/pose/openposeJson'
import { UsageError, UserError, type CliCommand, type CliIo } from './command'

type Values = Record<string, unknown>

interface Subcommand {
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  run(positionals: string[], values: Values, io: CliIo): Promise<object>
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  draw: {
    usage: 'pose draw <keypoints.json> --out-dir <dir> [--width W --height H] [--parts body|body+hands|full]',
    options: {
      'out-dir': { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      parts: { type: 'string' },
    },
    async run([input], values, io) {
      const outDir = required(values['out-dir'], '--out-dir')
      const parts = drawPartsOption(values.parts)
      const doc = parsePoseJson(await readText(input), input, canvasOptions(values))
      await mkdir(outDir, { recursive: true })
      const written: string[] = []
      for (const named of doc.poses) {
        const file = join(outDir, `${named.name}.png`)
        const { width, height } = named.canvas ?? doc
        await writePng(file, renderFullPoseImage([fullPoseOf(named)], width, height, parts))
        io.out(`wrote ${file}`)
        written.push(file)
      }
      return { width: doc.width, height: doc.height, files: written }
    },
  },
  detect: {
    usage: 'pose detect <image> [--out pose.json] [--draw pose.png] [--model thunder|lightning] [--min-confidence 0.3]',
    options: {
      out: { type: 'string' },
      draw: { type: 'string' },
      model: { type: 'string' },
      'min-confidence': { type: 'string' },
    },
    async run([input], values, io) {
      const { image } = await readImageFile(input)
      const detector = await PoseDetector.load({
        model: modelOption(values.model, 'thunder'),
        minConfidence: optionalNumber(values['min-confidence'], '--min-confidence'),
      })
      try {
        const { pose, score } = await detector.detect(image, input)
        const doc = { width: image.width, height: image.height, poses: [{ name: stem(input), pose }] }
        const text = JSON.stringify(toKeypointsFile(doc), null, 1)
        if (typeof values.out === 'string') await writeFile(values.out, text + '\n')
        else if (!io.json) io.out(text)
        if (typeof values.draw === 'string')
          await writePng(values.draw, renderPoseImage([pose], image.width, image.height))
        io.err(`found ${pose.filter(Boolean).length} of 18 keypoints (mean score ${score.toFixed(2)})`)
        return { ...doc, score }
      } finally {
        detector.dispose()
      }
    },
  },
  mask: {
    usage: 'pose mask <image> --out mask.png',
    options: { out: { type: 'string' } },
    async run([input], values, io) {
      const out = required(values.out, '--out')
      const { image } = await readImageFile(input)
      const segmenter = await PersonSegmenter.load()
      try {
        const mask = await segmenter.segment(image)
        await writeFile(out, encodeMaskPng(mask))
        const coverage = mask.data.reduce((s, v) => s + (v >= 0.5 ? 1 : 0), 0) / mask.data.length
        io.out(`wrote ${out} (${(coverage * 100).toFixed(1)} % of the image is the character)`)
        return { file: out, width: mask.width, height: mask.height, coverage }
      } finally {
        segmenter.dispose()
      }
    },
  },
  video: {
    usage: 'pose video <video> --out sequence.json [--fps N] [--max-frames N] [--model lightning|thunder]',
    options: {
      out: { type: 'string' },
      fps: { type: 'string' },
      'max-frames': { type: 'string' },
      model: { type: 'string' },
    },
    async run([input], values, io) {
      const out = required(values.out, '--out')
      const seq = await poseSequenceFromVideo(input, {
        fps: optionalNumber(values.fps, '--fps'),
        maxFrames: positiveInteger(values['max-frames'], '--max-frames'),
        detection: { model: modelOption(values.model, 'lightning') },
        onProgress: (done, total) => io.err(`frame ${done}${total ? ` of ~${total}` : ''}`),
      })
      await writeFile(out, JSON.stringify(seq) + '\n')
      io.out(`wrote ${out}: ${seq.frames.length} frames at ${seq.fps} fps, person found in ${seq.detectedFrames}`)
      return { file: out, fps: seq.fps, frames: seq.frames.length, detectedFrames: seq.detectedFrames }
    },
  },
  bvh: {
    usage: 'pose bvh <motion.bvh> --out sequence.json [--width 512 --height 512] [--fps N] [--yaw DEG] [--pitch DEG]',
    options: {
      out: { type: 'string' },
      width: { type: 'string' },
      height: { type: 'string' },
      fps: { type: 'string' },
      yaw: { type: 'string' },
      pitch: { type: 'string' },
    },
    async run([input], values, io) {
      const out = required(values.out, '--out')
      const seq = poseSequenceFromBvh(await readText(input), input, {
        ...canvasOptions(values),
        fps: optionalNumber(values.fps, '--fps'),
        yawDegrees: optionalNumber(values.yaw, '--yaw'),
        pitchDegrees: optionalNumber(values.pitch, '--pitch'),
      })
      await writeFile(out, JSON.stringify(seq) + '\n')
      io.out(`wrote ${out}: ${seq.frames.length} frames at ${seq.fps} fps`)
      return { file: out, fps: seq.fps, frames: seq.frames.length }
    },
  },
}

export const poseCommand: CliCommand = {
  name: 'pose',
  summary: 'Draw OpenPose images, detect poses and masks, import pose sequences',
  usage: Object.values(SUBCOMMANDS)
    .map((s) => `poseanimate ${s.usage}`)
    .join('\n'),
  async run(args, io) {
    const [name, ...rest] = args
    const sub = SUBCOMMANDS[name ?? '']
    if (!sub)
      throw new UsageError(
        `unknown pose command "${name ?? ''}"; expected one of: ${Object.keys(SUBCOMMANDS).join(', ')}`,
      )
    const { positionals, values } = parseSubcommandArgs(sub, rest)
    const result = await sub.run(positionals, values, io)
    if (io.json) io.out(JSON.stringify(result))
    return 0
  },
}

function parseSubcommandArgs(sub: Subcommand, args: string[]) {
  try {
    const parsed = parseArgs({ args, options: sub.options, allowPositionals: true, strict: true })
    if (parsed.positionals.length !== 1) throw new Error('expected exactly one input file')
    return parsed
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: poseanimate ${sub.usage}`)
  }
}

function required(value: unknown, flag: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`${flag} is required`)
  return value
}

function optionalNumber(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (typeof value !== 'string' || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number`)
  return n
}

function positiveInteger(value: unknown, flag: string): number | undefined {
  const n = optionalNumber(value, flag)
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw new UsageError(`${flag} must be a whole number ≥ 1`)
  return n
}

function canvasOptions(values: Values) {
  return { width: optionalNumber(values.width, '--width'), height: optionalNumber(values.height, '--height') }
}

function modelOption(value: unknown, fallback: MoveNetVariant): MoveNetVariant {
  if (value === undefined) return fallback
  if (value === 'thunder' || value === 'lightning') return value
  throw new UsageError(`--model must be thunder or lightning, got ${String(value)}`)
}

function drawPartsOption(value: unknown): PoseDrawParts {
  if (value === undefined) return 'full'
  if (value === 'body' || value === 'body+hands' || value === 'full') return value
  throw new UsageError(`--parts must be body, body+hands or full, got ${String(value)}`)
}

function stem(path: string): string {
  return basename(path, extname(path)).replace(/[^\w.-]/g, '_') || 'pose'
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new UserError(code === 'ENOENT' ? `file not found: ${path}` : `cannot read ${path}: ${code}`)
  }
}
