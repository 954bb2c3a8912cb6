// Keeps the last few KB a process wrote to stderr (forwarded to ours too), for crash messages.
import type { Readable } from 'node:stream'

export function captureStderr(stream: Readable | null | undefined, forward = true, limit = 4096): () => string {
  let tail = ''
  stream?.on('data', (chunk: Buffer) => {
    if (forward) process.stderr.write(chunk)
    tail = (tail + chunk.toString('utf8')).slice(-limit)
  })
  return () => tail
}
