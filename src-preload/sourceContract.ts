// The contract's types for the source image, the rig animation, the models and the PATA preview
// (re-exported by api.ts, which lists the verbs). Pure types: no runtime dependencies.
// Bytes travel as base64 text so the Electron IPC and the JSON test bridge carry them alike.
import type { Pose18, ProjectRef } from './domain'
import type { MaskValues } from './document/mask'
import type { ModelRole } from './document/model'
import type { PataOptions } from './document/pataOptions'
import type { PosePartsFields } from './document/pose'
import type { RigAnimation } from './document/rigAnimation'
// The stored groups' types are inferred from the document's schemas (document/, decision 0280).
export type { MaskValues } from './document/mask'
export type { ModelRole } from './document/model'
export type { PataOptions } from './document/pataOptions'
export type { RigAnimation, RigEasing, RigKey } from './document/rigAnimation'

export interface SourceApi {
  /** The project's character image, pose, mask, prompt and character words. */
  get(req: ProjectRef): Promise<SourceState>
  /** Shows an open-image dialog (main) and imports the chosen file; null when the user cancels. */
  importImage(req: ProjectRef): Promise<SourceState | null>
  /** Imports an image the page already holds (drag and drop). */
  importImageBytes(req: ImportImageBytesRequest): Promise<SourceState>
  /** The source image as a data: URL the page can show; null when there is none. */
  image(req: ProjectRef): Promise<SourceImageData | null>
  /** Runs the pose detector on the source image and saves what it finds. */
  detectPose(req: ProjectRef): Promise<SourceState>
  /** Saves an edited (or hand-placed) source pose. */
  savePose(req: SavePoseRequest): Promise<SourceState>
  /** Runs the person segmenter on the source image and saves the mask. */
  segmentMask(req: ProjectRef): Promise<SourceState>
  /** The character mask's values (8-bit, white = character); null when there is none. */
  mask(req: ProjectRef): Promise<MaskValues | null>
  /** Saves an edited mask (same size as `SourceState.mask`). */
  saveMask(req: SaveMaskRequest): Promise<SourceState>
  /** Saves the prompt and which of its words name the character. */
  saveText(req: SaveSourceTextRequest): Promise<SourceState>
}

export interface AnimationApi {
  /** The rig's keys as the workspace edits them; null until the first save. */
  get(req: ProjectRef): Promise<RigAnimation | null>
  /** The keys become the project's motion; the engine derives its frames from them (decision 0260). */
  save(req: SaveRigAnimationRequest): Promise<void>
}

export interface ModelsApi {
  get(req: ProjectRef): Promise<ModelsState>
  /** Shows an open dialog (main) for the checkpoint or the ControlNet; validates and saves the choice. */
  choose(req: ChooseModelRequest): Promise<ModelsState | null>
  /** Uses the built-in tiny demo model (untrained: for trying the studio, not for pictures). */
  useDemo(req: ProjectRef): Promise<ModelsState>
}

export interface PataApi {
  /** PATA on the source pose and the project's motion, with the saved options or the ones given. */
  preview(req: PataPreviewRequest): Promise<PataPreview>
  saveOptions(req: SavePataOptionsRequest): Promise<PataOptions>
}

// ── source ──────────────────────────────────────────────────────────────────────────────────────────

export interface SourceImageInfo {
  /** Content hash of the stored file: changes when another image is imported. */
  assetId: string
  name: string
  width: number
  height: number
}

export interface SourceMaskInfo {
  assetId: string
  /** The mask's own resolution (the image's, capped for editing); it is stretched to the image. */
  width: number
  height: number
}

export interface SourceState {
  image: SourceImageInfo | null
  /** The character's pose in normalised image coordinates; null until detected or placed. */
  pose: Pose18 | null
  poseOrigin: 'detected' | 'edited' | null
  mask: SourceMaskInfo | null
  prompt: string
  /** Prompt words that name the character (their attention gives the per-frame masks). */
  characterWords: string[]
}

export interface ImportImageBytesRequest extends ProjectRef {
  /** The file's name, for messages and the asset list. */
  name: string
  dataBase64: string
}

export interface SourceImageData {
  assetId: string
  mime: string
  /** data:<mime>;base64,… */
  dataUrl: string
}

export interface SavePoseRequest extends ProjectRef {
  pose: Pose18
}

export interface SaveMaskRequest extends ProjectRef, MaskValues {}

export interface SaveSourceTextRequest extends ProjectRef {
  prompt: string
  characterWords: string[]
}

// ── animation ───────────────────────────────────────────────────────────────────────────────────────

export interface SaveRigAnimationRequest extends ProjectRef, RigAnimation {}

// ── models ──────────────────────────────────────────────────────────────────────────────────────────

export interface ChooseModelRequest extends ProjectRef {
  role: ModelRole
  /** Pick a diffusers folder instead of a single file. */
  folder?: boolean
}

export interface ModelFileInfo {
  /** File or folder name (the dialog gave the path; the page only shows the name). */
  name: string
  /** What the engine recognised: 'sd-single-file', 'diffusers-folder', 'controlnet', … */
  layout: string
  /** Non-fatal findings, e.g. a ControlNet whose name says canny. */
  warnings: string[]
}

export interface ModelsState {
  choice: 'none' | 'demo' | 'files'
  checkpoint: ModelFileInfo | null
  controlnet: ModelFileInfo | null
  /** Saved files that can no longer be used, in words for the user. */
  problems: string[]
}

// ── PATA ────────────────────────────────────────────────────────────────────────────────────────────

export interface PataPreviewRequest extends ProjectRef {
  /** Options to try without saving them; default the saved ones. */
  options?: PataOptions
}

export interface PataPreview {
  /** p_0 = the source pose, then the transition, then the aligned motion (normalised image coordinates). */
  poses: Pose18[]
  /** Each pose's hands and face, aligned and transitioned with the body (absent when no pose has any). */
  parts?: PosePartsFields[]
  transitionFrames: number
  /** False when the transition could not keep every joint step under maxJointStep. */
  stepBoundMet: boolean
  /** The similarity applied to the motion: p′ = scale · p + offset. */
  alignment: { scale: number; offsetX: number; offsetY: number }
  options: PataOptions
  /** False when the render settings switch PATA off (the render then uses the motion as drawn). */
  enabled: boolean
}

export interface SavePataOptionsRequest extends ProjectRef {
  options: PataOptions
}
