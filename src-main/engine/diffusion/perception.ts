// Pose detection and segmentation for projects without a source pose or mask: tfjs models, loaded once
// per process on first need (a project with both never loads them).
import type { Perception } from './inputs'

let perception: Promise<Perception> | null = null

export function loadPerception(): Promise<Perception> {
  perception ??= openPerception()
  perception.catch(() => (perception = null))
  return perception
}

async function openPerception(): Promise<Perception> {
  const [{ PoseDetector }, { PersonSegmenter }] = await Promise.all([
    import('../pose/detect/detectPose'),
    import('../pose/detect/segmentPerson'),
  ])
  const [detector, segmenter] = await Promise.all([PoseDetector.load(), PersonSegmenter.load()])
  return {
    detectPose: async (image) => (await detector.detect(image, 'the source image')).pose,
    // The pose is known by now: the segmenter need not detect it again for its refinement seeds.
    segment: (image, pose) => segmenter.segment(image, { pose }),
  }
}
