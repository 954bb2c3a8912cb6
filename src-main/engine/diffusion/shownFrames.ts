// What the latest finished render shows: its render row records one decode key per frame, so a frame is
// stale when the project now gives that frame another key, and its image is `<decode key>/rgb` in the
// cache (missing once evicted).
import type { ProjectStore } from '../store'
import type { RenderKeys } from './keys'

export interface RenderedFrame {
  frame: number
  width: number
  height: number
  /** RGB bytes, row-major, 3 per pixel. */
  data: Uint8Array
}

/** The frames of the latest finished render, as cached (missing ones are left out). */
export function latestFrames(store: ProjectStore): RenderedFrame[] {
  return shownKeys(store).flatMap((key, frame) => {
    const image = key ? cachedFrame(store, key, frame) : undefined
    return image ? [image] : []
  })
}

/** Frame `frame`'s image decoded under `decodeKey`, if the cache holds it. */
export function cachedFrame(store: ProjectStore, decodeKey: string, frame: number): RenderedFrame | undefined {
  const rgb = store.cache.get(`${decodeKey}/rgb`)
  if (!rgb) return undefined
  const [height, width] = rgb.shape
  return { frame, width, height, data: rgb.data as Uint8Array }
}

/** What the latest finished render recorded (undefined before the first render). */
function latestRenderSettings(store: ProjectStore): { display?: unknown; frameStride?: unknown } | undefined {
  const latest = store.renders
    .list()
    .filter((r) => r.status === 'done')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]
  return latest?.settings as { display?: unknown; frameStride?: unknown } | undefined
}

/** Poses per shown frame: 2 after a draft (every other pose), so its frames play at fps / 2 (decision 0330). */
export function shownFrameStride(store: ProjectStore): number {
  const stride = latestRenderSettings(store)?.frameStride
  return typeof stride === 'number' && Number.isInteger(stride) && stride >= 1 ? stride : 1
}

/** Decode keys of the frames the latest finished render shows (empty before the first render). */
export function shownKeys(store: ProjectStore): string[] {
  const display = latestRenderSettings(store)?.display
  return Array.isArray(display) ? display.filter((k): k is string => typeof k === 'string') : []
}

/** Frames whose shown image (decode key `shown[f]`) differs from what `keys` would render. */
export function staleOf(keys: RenderKeys, shown: readonly string[]): number[] {
  return keys.decode.flatMap((key, f) => (shown[f] === key ? [] : [f]))
}
