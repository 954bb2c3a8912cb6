// Keyframes of the target motion, one row per frame index. Every write is checked against the document's
// keyframe schema (decision 0280), so no path stores a pose the studio's IPC would refuse.
import { z } from 'zod'
import { keyframeSchema, KEYFRAMES_MAX, type Keyframe, type Pose18 } from '../../../../src-preload/document'
import type { Db } from '../database'
import { ProjectFileError } from '../errors'

export class KeyframeRepository {
  private readonly selectAll
  private readonly countAll
  private readonly deleteAll
  private readonly insertOne

  constructor(
    private readonly db: Db,
    private readonly onWrite: () => void,
  ) {
    this.selectAll = db.prepare<[], { frame: number; pose: string }>('SELECT frame, pose FROM keyframes ORDER BY frame')
    this.countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM keyframes')
    this.deleteAll = db.prepare('DELETE FROM keyframes')
    this.insertOne = db.prepare('INSERT INTO keyframes (frame, pose) VALUES (?, ?)')
  }

  list(): Keyframe[] {
    return this.selectAll.all().map((row) => ({ frame: row.frame, pose: JSON.parse(row.pose) as Pose18 }))
  }

  count(): number {
    return this.countAll.get()?.n ?? 0
  }

  /** Replaces every keyframe atomically: a crash leaves either the old set or the new one. */
  replaceAll(keyframes: readonly Keyframe[]): void {
    const checked = keyframeList.safeParse(keyframes)
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `keyframes.${i.path.join('.')}: ${i.message}`)
      throw new ProjectFileError(`Cannot save the motion: ${issues.join('; ')}`)
    }
    const frames = keyframes.map((k) => k.frame)
    const twice = frames.find((frame, i) => frames.indexOf(frame) !== i)
    if (twice !== undefined) {
      throw new ProjectFileError(
        `Two keyframes are at frame ${twice}: each frame can hold one pose; remove one of them.`,
      )
    }
    this.db.transaction(() => {
      this.deleteAll.run()
      for (const k of keyframes) this.insertOne.run(k.frame, JSON.stringify(k.pose))
      this.onWrite()
    })()
  }
}

const keyframeList = z.array(keyframeSchema).max(KEYFRAMES_MAX)
