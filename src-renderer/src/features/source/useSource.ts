// The source panel's state and actions: the project's image, pose, mask and text as the engine keeps them.
// Every call that fails because of the user's input leaves the state as it was and says why.

import { useCallback, useEffect, useRef, useState } from 'react'
import type { Pose18, SourceState } from '../../../../src-preload/api'
import { IMAGE_FILE_MAX_BYTES } from '../../../../src-preload/document/source'
import { messageOf, studio } from '../../bridge/studio'
import { useLoaded } from '../../bridge/useLoaded'
import { base64ToBytes, bytesToBase64 } from './bytes'
import type { MaskBuffer } from './maskBrush'
import { templatePose } from './poseTemplate'

/** Largest file the page sends (the engine refuses bigger ones with the same bound, decision 0280). */
export const MAX_IMAGE_FILE_BYTES = IMAGE_FILE_MAX_BYTES

export interface SourceProblem {
  title: string
  text: string
}

export interface SourceController {
  readonly projectId: string
  readonly state: SourceState | null
  readonly loadError: string | null
  readonly imageUrl: string | null
  readonly mask: MaskBuffer | null
  /** What is running, in words; null when idle. */
  readonly busy: string | null
  readonly problem: SourceProblem | null
  importWithDialog(): Promise<void>
  importFile(file: File): Promise<void>
  detectPose(): Promise<void>
  placeTemplate(): Promise<void>
  savePose(pose: Pose18): Promise<void>
  segmentMask(): Promise<void>
  saveMask(mask: MaskBuffer): Promise<void>
  saveText(prompt: string, characterWords: string[]): Promise<void>
  /** Shows a problem found in the page itself (e.g. something that is not a file was dropped). */
  refuse(title: string, text: string): void
  dismissProblem(): void
}

export function useSource(projectId: string): SourceController {
  const [state, setState, loadError] = useLoaded(projectId, () => studio().source.get({ projectId }))
  const [busy, setBusy] = useState<string | null>(null)
  const [problem, setProblem] = useState<SourceProblem | null>(null)
  const imageUrl = useImageUrl(projectId, state?.image?.assetId ?? null)
  const [mask, setMask, savedMaskId] = useMaskValues(projectId, state?.mask?.assetId ?? null)

  /** Runs one engine step; true when it succeeded. */
  const step = useCallback(
    async (label: string, failTitle: string, call: () => Promise<SourceState | null>): Promise<boolean> => {
      setBusy(label)
      try {
        const next = await call()
        if (next) setState(next)
        return next !== null
      } catch (err) {
        setProblem({ title: failTitle, text: messageOf(err) })
        return false
      } finally {
        setBusy(null)
      }
    },
    [],
  )

  const afterImport = useCallback(async () => {
    setProblem(null)
    await step('Detecting the pose…', 'No pose detected', () => studio().source.detectPose({ projectId }))
    await step('Finding the character…', 'No character mask', () => studio().source.segmentMask({ projectId }))
  }, [projectId, step])

  const importWithDialog = useCallback(async () => {
    const ok = await step('Importing…', 'The image could not be imported', () =>
      studio().source.importImage({ projectId }),
    )
    if (ok) await afterImport()
  }, [projectId, step, afterImport])

  const importFile = useCallback(
    async (file: File) => {
      const ok = await step('Importing…', `${file.name} cannot be the character image`, async () => {
        if (file.size > MAX_IMAGE_FILE_BYTES) {
          throw new Error(`${file.name} is ${Math.round(file.size / 2 ** 20)} MB; images up to 64 MB can be imported.`)
        }
        const dataBase64 = bytesToBase64(new Uint8Array(await file.arrayBuffer()))
        return studio().source.importImageBytes({ projectId, name: file.name, dataBase64 })
      })
      if (ok) await afterImport()
    },
    [projectId, step, afterImport],
  )

  const saveMask = useCallback(
    async (next: MaskBuffer) => {
      await step('Saving the mask…', 'The mask could not be saved', async () => {
        const saved = await studio().source.saveMask({
          projectId,
          width: next.width,
          height: next.height,
          valuesBase64: bytesToBase64(next.values),
        })
        savedMaskId.current = saved.mask?.assetId ?? null // these values are already on screen
        setMask(next)
        return saved
      })
    },
    [projectId, step, setMask, savedMaskId],
  )

  const aspect = state?.image ? state.image.width / state.image.height : 1
  return {
    projectId,
    state,
    loadError,
    imageUrl,
    mask,
    busy,
    problem,
    importWithDialog,
    importFile,
    detectPose: () =>
      step('Detecting the pose…', 'No pose detected', () => studio().source.detectPose({ projectId })).then(() => {}),
    placeTemplate: () =>
      step('Placing the skeleton…', 'The skeleton could not be placed', () =>
        studio().source.savePose({ projectId, pose: templatePose(aspect) }),
      ).then(() => setProblem(null)),
    savePose: (pose) =>
      step('Saving the pose…', 'The pose could not be saved', () => studio().source.savePose({ projectId, pose })).then(
        () => {},
      ),
    segmentMask: () =>
      step('Finding the character…', 'No character mask', () => studio().source.segmentMask({ projectId })).then(
        () => {},
      ),
    saveMask,
    saveText: (prompt, characterWords) =>
      step('', 'The prompt could not be saved', () =>
        studio().source.saveText({ projectId, prompt, characterWords }),
      ).then(() => {}),
    refuse: (title, text) => setProblem({ title, text }),
    dismissProblem: () => setProblem(null),
  }
}

function useImageUrl(projectId: string, assetId: string | null): string | null {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    let current = true
    if (!assetId) return void setUrl(null)
    studio()
      .source.image({ projectId })
      .then((image) => current && setUrl(image?.dataUrl ?? null))
      .catch(() => current && setUrl(null))
    return () => {
      current = false
    }
  }, [projectId, assetId])
  return url
}

function useMaskValues(projectId: string, assetId: string | null) {
  const [mask, setMask] = useState<MaskBuffer | null>(null)
  const savedMaskId = useRef<string | null>(null)
  useEffect(() => {
    let current = true
    if (!assetId) return void setMask(null)
    if (assetId === savedMaskId.current) return
    studio()
      .source.mask({ projectId })
      .then((m) => {
        if (!current) return
        setMask(m && { width: m.width, height: m.height, values: base64ToBytes(m.valuesBase64) })
        savedMaskId.current = assetId
      })
      .catch(() => current && setMask(null))
    return () => {
      current = false
    }
  }, [projectId, assetId])
  return [mask, setMask, savedMaskId] as const
}
