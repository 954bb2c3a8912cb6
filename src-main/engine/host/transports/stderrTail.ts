// Keeps the last few KB a process wrote to stderr (forwarded to ours too), for crash messages.
import type { Readable } from 'node:stream'

/** What captureStderr needs from a stream (Node's Readable and Electron's NodeJS.ReadableStream both fit). */
export type DataStream = Pick<Readable, 'on'> | NodeJS.ReadableStream

export function captureStderr(stream: DataStream | null | undefined, forward = true, limit = 4096): () => string {
  let tail = ''
  stream?.on('data', (chunk: Buffer) => {
    if (forward) process.stderr.write(chunk)
    tail = (tail + chunk.toString('utf8')).slice(-limit)
  })
  return () => tail
}
