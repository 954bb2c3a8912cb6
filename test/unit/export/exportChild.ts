// Runs one export in its own process and prints the outcome as one JSON line: the read-only test runs it
// as an unprivileged user (root may write anywhere), the disk-full test under a file-size limit.
// EXPORT_CHILD_SIZE (default 32) sets the frames' side; EXPORT_CHILD_NOISE=1 makes them noise, so they
// outgrow a file-size limit.
import { exportFrames, fromImages } from '../../../src-main/engine/export'
import { noisyFrames, testFrames } from './frames'

const [out] = process.argv.slice(2)
const side = Number(process.env.EXPORT_CHILD_SIZE ?? 32)
const dropTo = Number(process.env.EXPORT_CHILD_DROP_TO)
if (dropTo) {
  process.setgid!(dropTo)
  process.setuid!(dropTo)
}
try {
  const result = await exportFrames(
    out,
    fromImages((process.env.EXPORT_CHILD_NOISE ? noisyFrames : testFrames)(4, side, side)),
    { fps: 12 },
  )
  console.log(JSON.stringify({ ok: true, path: result.path, removedPartials: result.removedPartials }))
} catch (err) {
  const e = err as { code?: string; message: string }
  console.log(JSON.stringify({ ok: false, code: e.code, message: e.message }))
}
