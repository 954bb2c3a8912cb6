// Runs one export in its own process (the read-only test runs it as an unprivileged user, since root
// may write anywhere) and prints the outcome as one JSON line.
import { exportFrames, fromImages } from '../../../src-main/engine/export'
import { testFrames } from './frames'

const [out] = process.argv.slice(2)
const dropTo = Number(process.env.EXPORT_CHILD_DROP_TO)
if (dropTo) {
  process.setgid!(dropTo)
  process.setuid!(dropTo)
}
try {
  const result = await exportFrames(out, fromImages(testFrames(4, 32, 32)), { fps: 12 })
  console.log(JSON.stringify({ ok: true, path: result.path }))
} catch (err) {
  const e = err as { code?: string; message: string }
  console.log(JSON.stringify({ ok: false, code: e.code, message: e.message }))
}
