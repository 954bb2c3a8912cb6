// A scripted window.studio for component tests of the render panel and export dialog: render.* and
// export.* answer from plain data, every call is recorded, and tests push events as main would.
import { vi } from 'vitest'
import type {
  FrameImage,
  RenderCheck,
  RenderFrameInfo,
  RenderSettings,
  StudioApi,
  StudioEventName,
  StudioEvents,
} from '../../../../../src-preload/api'

export const DEFAULT_SETTINGS: RenderSettings = {
  preset: 'final',
  loop: false,
  width: 64,
  height: 64,
  steps: 4,
  guidance: 7.5,
  frames: 2,
  innerIterations: 2,
  learningRate: 0.01,
  lambdas: [0.7, 0.15, 0.15],
  chunkSize: 8,
  modules: { pacm: true, dcam: true, mgdm: true, pata: true },
}

export function frameImage(frame: number, version = 1): FrameImage {
  return {
    frame,
    width: 64,
    height: 64,
    imageId: `f${frame}v${version}`,
    dataUrl: `data:image/png;base64,${frame}${version}`,
  }
}

export interface FakeStudio {
  api: StudioApi
  frames: RenderFrameInfo[]
  problem: string | null
  checks: RenderCheck[]
  /** Sends an event to every listener, as main does. */
  emit<E extends StudioEventName>(event: E, payload: StudioEvents[E]): void
  calls: { channel: string; arg: unknown }[]
}

export function installFakeStudio(): FakeStudio {
  const listeners = new Map<string, Set<(payload: never) => void>>()
  const fake: FakeStudio = {
    frames: [],
    problem: null,
    checks: [],
    calls: [],
    emit: (event, payload) => listeners.get(event)?.forEach((l) => (l as (p: typeof payload) => void)(payload)),
    api: undefined as unknown as StudioApi,
  }
  const call =
    <T>(channel: string, answer: (arg: never) => T) =>
    async (arg: never) => {
      fake.calls.push({ channel, arg })
      return answer(arg)
    }
  let jobs = 0
  fake.api = {
    render: {
      start: call('render.start', () => ({ jobId: `job-${++jobs}` })),
      cancel: call('render.cancel', () => undefined),
      rerenderFrame: call('render.rerenderFrame', () => ({ jobId: `job-${++jobs}` })),
      rerenderStale: call('render.rerenderStale', () => ({ jobId: `job-${++jobs}` })),
      frames: call('render.frames', () => ({
        frames: fake.frames.map((f) => ({ ...f })),
        problem: fake.problem,
        checks: fake.checks,
      })),
      frameImage: call('render.frameImage', ({ frame }: { frame: number }) => {
        const version = Number(fake.frames[frame].imageId?.split('v')[1] ?? 1)
        return frameImage(frame, version)
      }),
      settings: call('render.settings', () => DEFAULT_SETTINGS),
      saveSettings: call('render.saveSettings', ({ settings }: { settings: RenderSettings }) => settings),
    },
    export: {
      chooseTarget: call('export.chooseTarget', ({ format }: { format: 'mp4' }) => ({
        targetId: 'target-1',
        format,
        path: `/exports/clip.${format}`,
      })),
      start: call('export.start', () => ({ jobId: 'export-1' })),
      cancel: call('export.cancel', () => undefined),
      reveal: call('export.reveal', () => ({ path: '/exports/clip.mp4' })),
    },
    events: {
      on: vi.fn((event: string, listener: (payload: never) => void) => {
        if (!listeners.has(event)) listeners.set(event, new Set())
        listeners.get(event)!.add(listener)
        return () => void listeners.get(event)!.delete(listener)
      }),
    },
  } as unknown as StudioApi
  window.studio = fake.api
  return fake
}
