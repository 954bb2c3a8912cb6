// The engine host protocol end to end, with a real forked engine process.
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EngineHost, type HostState } from '../../../src-main/engine/host/client'
import { EngineError } from '../../../src-main/engine/host/protocol'
import { forkTransport } from '../../../src-main/engine/host/transports/node'
import type { TestMethods } from './fixtures/testMethods'

const states: HostState[] = []
const host = new EngineHost<TestMethods>(
  forkTransport({ entry: resolve(__dirname, 'fixtures/testEngine.ts'), forwardStderr: false }),
  (state) => states.push(state),
)
afterAll(() => host.stop())

async function failure(promise: Promise<unknown>): Promise<EngineError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(EngineError)
  return err as EngineError
}

describe('engine host', () => {
  it('answers calls with structured-clone values (typed arrays intact)', async () => {
    const values = Float32Array.from([1.5, -2, 3])
    const reply = await host.call('test.echo', { values, label: 'x' })
    expect(reply.values).toBeInstanceOf(Float32Array)
    expect([...reply.values]).toEqual([1.5, -2, 3])
    expect(reply.pid).not.toBe(process.pid)
    expect(states).toContain('ready')
  })

  it('streams progress events before the result', async () => {
    const steps: number[] = []
    const result = await host.call('test.count', { to: 4, delayMs: 1 }, { onProgress: (p) => steps.push(p.step) })
    expect(result).toBe(4)
    expect(steps).toEqual([1, 2, 3, 4])
  })

  it('cancels a running call and stays usable', async () => {
    const controller = new AbortController()
    const steps: number[] = []
    const running = host.call(
      'test.count',
      { to: 1000, delayMs: 5 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          steps.push(p.step)
          if (p.step === 3) controller.abort()
        },
      },
    )
    const err = await failure(running)
    expect(err.code).toBe('cancelled')
    expect(err.message).toBe('test.count was cancelled.')
    expect(steps.length).toBeLessThan(10)
    expect(await host.call('test.count', { to: 1, delayMs: 0 })).toBe(1)
  })

  it('passes user errors through verbatim and names the method for bugs', async () => {
    const user = await failure(host.call('test.userFail', {}))
    expect(user).toMatchObject({ code: 'user', message: 'That image has no person in it.' })
    const bug = await failure(host.call('test.bug', {}))
    expect(bug.code).toBe('internal')
    expect(bug.message).toBe("Engine error in test.bug: Cannot read properties of undefined (reading 'shape')")
  })

  it('reports an unknown method clearly', async () => {
    const untyped = host as unknown as EngineHost<Record<string, TestMethods['test.echo']>>
    const err = await failure(untyped.call('pose.teleport', { values: new Float32Array(), label: '' }))
    expect(err).toMatchObject({ code: 'unknown-method', message: 'The engine has no method "pose.teleport".' })
  })

  it('surfaces a crash to every pending caller and restarts on the next call', async () => {
    const { pid: before } = await host.call('test.echo', { values: new Float32Array(), label: '' })
    const slow = host.call('test.count', { to: 1000, delayMs: 10 })
    const err = await failure(host.call('test.crash', {}))
    expect(err.code).toBe('crashed')
    expect(err.message).toMatch(
      /^The engine process stopped unexpectedly \(killed by SIGKILL; last output: about to crash on purpose\) while running test\.crash\./,
    )
    expect((await failure(slow)).message).toMatch(/while running test\.count/)
    expect(host.status).toBe('crashed')

    const { pid: after } = await host.call('test.echo', { values: new Float32Array(), label: '' })
    expect(after).not.toBe(before)
    expect(host.status).toBe('ready')
  })

  it('restarts on request', async () => {
    const { pid: before } = await host.call('test.echo', { values: new Float32Array(), label: '' })
    await host.restart()
    const { pid: after } = await host.call('test.echo', { values: new Float32Array(), label: '' })
    expect(after).not.toBe(before)
  })
})
