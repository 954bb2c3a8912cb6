// The contract drives the preload: every channel is exposed, nothing else is, errors arrive intact.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { z } from 'zod'
import {
  IPC_EVENT,
  IPC_INVOKE,
  STUDIO_CHANNELS,
  studioChannels,
  type ChannelArg,
  type SameSet,
  type StudioApi,
  type StudioChannel,
} from '../../../src-preload/api'
import { makeStudioApi, StudioError } from '../../../src-preload/makeApi'
import type { StudioHandlers } from '../../../src-main/ipc/router'

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'pong' })),
  listeners: [] as ((event: unknown, name: string, payload: unknown) => void)[],
}))
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (_channel: string, listener: (typeof electron.listeners)[number]) => electron.listeners.push(listener),
    removeListener: (_channel: string, listener: (typeof electron.listeners)[number]) =>
      electron.listeners.splice(electron.listeners.indexOf(listener), 1),
  },
}))

describe('makeStudioApi', () => {
  it('has one function per channel that sends (channel, argument) and unwraps the reply', async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: 7 }))
    const api = makeStudioApi(invoke, () => () => {}) as unknown as Record<
      string,
      Record<string, (a?: unknown) => Promise<unknown>>
    >
    for (const channel of studioChannels()) {
      const [namespace, verb] = channel.split('.')
      expect(typeof api[namespace][verb], channel).toBe('function')
    }
    expect(await api.project.open({ projectId: 'a.poseanim' })).toBe(7)
    expect(invoke).toHaveBeenLastCalledWith('project.open', { projectId: 'a.poseanim' })
  })

  it('turns an error envelope into a StudioError with code and message', async () => {
    const api = makeStudioApi(
      async () => ({
        ok: false,
        error: { code: 'invalid-argument', message: 'Invalid argument for project.create: name: …' },
      }),
      () => () => {},
    )
    const err = await api.project.create({ name: '' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(StudioError)
    expect(err).toMatchObject({ code: 'invalid-argument', message: 'Invalid argument for project.create: name: …' })
  })
})

describe('preload', () => {
  beforeEach(() => {
    vi.resetModules()
    electron.exposed.clear()
    electron.listeners.length = 0
  })

  it('exposes exactly window.studio with the contract namespaces over one invoke channel', async () => {
    await import('../../../src-preload/index')
    expect([...electron.exposed.keys()]).toEqual(['studio'])
    const studio = electron.exposed.get('studio') as StudioApi
    expect(Object.keys(studio).sort()).toEqual([...Object.keys(STUDIO_CHANNELS), 'events'].sort())
    expect(await studio.project.list()).toBe('pong')
    expect(electron.invoke).toHaveBeenLastCalledWith(IPC_INVOKE, 'project.list', undefined)
  })

  it('delivers only the subscribed event and unsubscribes', async () => {
    await import('../../../src-preload/index')
    const studio = electron.exposed.get('studio') as StudioApi
    const seen: unknown[] = []
    const off = studio.events.on('engine.status', (s) => seen.push(s))
    electron.listeners.forEach((l) => l({}, 'render.progress', { jobId: 'x' }))
    electron.listeners.forEach((l) => l({}, 'engine.status', { state: 'ready' }))
    expect(seen).toEqual([{ state: 'ready' }])
    off()
    expect(electron.listeners).toHaveLength(0)
    expect(() => studio.events.on('nope' as 'engine.status', () => {})).toThrow('Unknown studio event "nope"')
    expect(IPC_EVENT).toBe('studio:event')
  })
})

describe('type-level contract checks (enforced by tsc in npm test)', () => {
  it('rejects incomplete channel tables, wrong schemas and wrong handlers', () => {
    // @ts-expect-error a channel list missing a verb is not the same set as the contract's verbs
    const incomplete: SameSet<'app.info', StudioChannel> = true
    // @ts-expect-error a schema must produce the channel's argument type
    const schema: z.ZodType<ChannelArg<'project.create'>> = {} as z.ZodType<undefined>
    // @ts-expect-error a handler must resolve to the channel's result type
    const handler: StudioHandlers['app.info'] = async () => 42
    expect([incomplete, schema, handler]).toHaveLength(3)
  })
})
