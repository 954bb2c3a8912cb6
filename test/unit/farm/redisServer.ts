// A real Redis for the farm tests: Debian's redis-server on a free 127.0.0.1 port, no persistence,
// stopped (by its pid) when the test file ends. CI installs redis-server (.ci/run).
import { spawn, type ChildProcess } from 'node:child_process'
import { createConnection, createServer } from 'node:net'

export interface RedisServer {
  url: string
  port: number
  /** Sends one command (inline protocol) and resolves with the raw reply. */
  command(line: string): Promise<string>
  stop(): Promise<void>
}

/** `password` starts it with requirepass (the URL then carries it). */
export async function startRedis(password?: string): Promise<RedisServer> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ...(password ? ['--requirepass', password] : []),
    ],
    { stdio: 'ignore' },
  )
  const failed = new Promise<never>((_, reject) =>
    child.once('error', (err) =>
      reject(new Error(`cannot start redis-server (apt install redis-server): ${err.message}`)),
    ),
  )
  const command = (line: string) => send(port, password ? `AUTH ${password}\r\n${line}` : line, password ? 2 : 1)
  for (let i = 0; ; i++) {
    const reply = await Promise.race([failed, command('PING').catch(() => '')])
    if (reply.includes('+PONG')) break
    if (i > 100) throw new Error(`redis-server did not answer on port ${port}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url: password ? `redis://:${password}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    port,
    command,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** Sends inline commands and resolves with the replies once `replies` lines have come back. */
function send(port: number, lines: string, replies: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write(`${lines}\r\n`))
    socket.on('data', (data) => {
      text += data.toString()
      if (text.split('\r\n').length > replies) {
        socket.end()
        resolve(text)
      }
    })
    socket.once('error', reject)
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
    server.once('error', reject)
  })
}
