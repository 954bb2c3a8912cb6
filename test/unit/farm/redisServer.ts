// A real Redis for the farm tests: Debian's redis-server on a free 127.0.0.1 port, no persistence,
// stopped (by its pid) when the test file ends, or mid-render and started again (a Redis restart).
// CI installs redis-server (.ci/run).
import { spawn, type ChildProcess } from 'node:child_process'
import { createConnection, createServer } from 'node:net'

export interface RedisServer {
  url: string
  port: number
  /** Sends one command (inline protocol) and resolves with the raw reply. */
  command(line: string): Promise<string>
  stop(): Promise<void>
  /** Starts it again on the same port after stop() (a Redis restart; nothing persisted survives). */
  start(): Promise<void>
}

/** `password` starts it with requirepass (the URL then carries it). */
export async function startRedis(password?: string): Promise<RedisServer> {
  const port = await freePort()
  const command = (line: string) => send(port, password ? `AUTH ${password}\r\n${line}` : line, password ? 2 : 1)
  let child: ChildProcess | undefined
  const start = async () => {
    const started = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        ...(password ? ['--requirepass', password] : []),
      ],
      { stdio: 'ignore' },
    )
    child = started
    const failed = new Promise<never>((_, reject) =>
      started.once('error', (err) =>
        reject(new Error(`cannot start redis-server (apt install redis-server): ${err.message}`)),
      ),
    )
    for (let i = 0; ; i++) {
      const reply = await Promise.race([failed, command('PING').catch(() => '')])
      if (reply.includes('+PONG')) break
      if (i > 100) throw new Error(`redis-server did not answer on port ${port}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  await start()
  return {
    url: password ? `redis://:${password}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    port,
    command,
    stop: async () => {
      const running = child
      if (!running || running.exitCode !== null || running.signalCode !== null) return
      const exited = new Promise((r) => running.once('exit', r))
      running.kill('SIGTERM')
      await exited
    },
    start,
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
