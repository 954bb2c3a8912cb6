// The project's motion through the engine methods the studio calls (in-process): rig keys are the only record
// of a keyed motion and every reader derives the same frames from them; an imported motion keeps its table.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Pose18, ProjectDetails, RigAnimation } from '../../../src-preload/api'
import { quatFromAxisAngle } from '../../../src-preload/motion/rig/math/quat'
import { restPose, withRotation } from '../../../src-preload/motion/rig/pose'
import { buildRig } from '../../../src-preload/motion/rig/rig'
import { Joint } from '../../../src-preload/motion/rig/skeleton'
import { rigMotion, toRigAnimation } from '../../../src-preload/motion/rigAnimation'
import { STANDING_FRONT } from '../../../src-preload/motion/testing/samplePoses'
import { projectMethods } from '../host/handlers/project'
import { sourceMethods } from '../host/handlers/source'
import { useInProcessEngine } from '../host/handlers/testing/inProcessEngine'
import { readRenderProject } from './projectSetup'

const { home, engine, call } = useInProcessEngine('pa-motion-', { ...sourceMethods, ...projectMethods })

// A 167 × 250 photo: a portrait aspect, so a wrong aspect would move every derived joint.
const PHOTO = resolve(__dirname, '../../../test/fixtures/pose/photos/Shorts.jpg')
const ASPECT = 167 / 250

/** Keys at frames 2 and 6: the source pose, then the right arm raised a quarter turn. */
function armRaise(source: Pose18): RigAnimation {
  const rig = buildRig(source, ASPECT)
  const raised = withRotation(restPose(rig), Joint.RShoulder, quatFromAxisAngle([0, 0, -1], Math.PI / 2))
  return toRigAnimation(24, [
    { frame: 2, pose: restPose(rig), easing: 'easeInOut' },
    { frame: 6, pose: raised, easing: 'linear' },
  ])
}

async function posedProject(name: string, pose: Pose18): Promise<string> {
  const path = join(home, `${name}.poseanim`)
  await call('project.create', { path, name })
  await call('source.importImageBytes', {
    path,
    name: 'Shorts.jpg',
    dataBase64: readFileSync(PHOTO).toString('base64'),
  })
  await call('source.savePose', { path, pose })
  return path
}

const motionOf = (path: string) => readRenderProject(engine.projects.get(path)).motion
const open = (path: string) => call<ProjectDetails>('project.open', { path })

describe('the project motion', () => {
  it('is derived from the rig keys with the studio code, and follows a source pose change with no save', async () => {
    const path = await posedProject('keyed', STANDING_FRONT)
    const animation = armRaise(STANDING_FRONT)
    await call('animation.save', { path, ...animation })
    const motion = motionOf(path)
    expect(motion).toEqual(rigMotion(STANDING_FRONT, ASPECT, animation))
    expect(motion).toHaveLength(5) // frames 2 … 6
    const details = await open(path)
    expect(details).toMatchObject({ keyframeCount: 5 })
    expect(details.keyframes.map((k) => k.frame)).toEqual([2, 3, 4, 5, 6])
    expect(details.keyframes.map((k) => k.pose)).toEqual(motion)

    // The character's right wrist is corrected: the rig's forearm now points elsewhere, in every frame.
    const corrected = STANDING_FRONT.map((k, j) => (j === Joint.RWrist && k ? { ...k, x: k.x - 0.08 } : k))
    await call('source.savePose', { path, pose: corrected })
    const remade = motionOf(path)
    expect(remade).toEqual(rigMotion(corrected, ASPECT, animation))
    for (const [i, frame] of remade.entries()) {
      expect(frame[Joint.RElbow]).toEqual(motion[i][Joint.RElbow])
      expect(frame[Joint.RWrist]).not.toEqual(motion[i][Joint.RWrist])
    }
  })

  it('of an imported project is its keyframes table, until rig keys replace it (and the other way round)', async () => {
    const path = await posedProject('imported', STANDING_FRONT)
    const lifted = STANDING_FRONT.map((k) => k && { ...k, y: k.y - 0.05 })
    await call('project.saveKeyframes', { path, keyframes: [{ frame: 0, pose: STANDING_FRONT }, { frame: 4, pose: lifted }] }) // prettier-ignore
    expect(motionOf(path)).toHaveLength(5) // linear in-betweens
    expect(await open(path)).toMatchObject({ keyframeCount: 2 })

    await call('animation.save', { path, ...armRaise(STANDING_FRONT) })
    expect(engine.projects.get(path).keyframes.list()).toEqual([]) // one motion in the file, not two
    expect(motionOf(path)).toEqual(rigMotion(STANDING_FRONT, ASPECT, armRaise(STANDING_FRONT)))

    await call('project.saveKeyframes', { path, keyframes: [{ frame: 0, pose: lifted }] })
    expect(await call('animation.get', { path })).toBeNull()
    expect(motionOf(path)).toEqual([lifted])
  })

  it('says what is missing when rig keys have no source pose to be derived from', async () => {
    const path = await posedProject('unposed', STANDING_FRONT)
    await call('animation.save', { path, ...armRaise(STANDING_FRONT) })
    engine.projects.get(path).document.patch({ fields: { sourcePose: null } })
    expect(() => motionOf(path)).toThrow(/built from the character's pose: detect or place the pose first/)
    expect(await open(path)).toMatchObject({ keyframeCount: 5, keyframes: [] })
  })
})
