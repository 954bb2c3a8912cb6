// A user's checkpoint, whatever its layout, seen as components with canonical diffusers keys:
//   openCheckpoint('v1-5-pruned-emaonly.safetensors').component('unet').get('conv_in.weight')
// Accepted: an SD 1.5 single-file LDM checkpoint, a diffusers folder (standard, model-only, or flat
// golden files), a ControlNet file in either layout, or one diffusers component file. Opening reads
// headers only; detection refuses unsupported models before any tensor is read.
import { statSync } from 'node:fs'
import { basename, relative } from 'node:path'
import {
  parseClipTextConfig,
  parseControlNetConfig,
  parseUNetConfig,
  parseVaeConfig,
  sd15,
  type ModelConfigs,
} from '../config'
import { ComponentWeights, describeKeys, type Component } from './component'
import { checkUnet, controlTypeWarning, detectControlNet, unetShape, type FileKind } from './detect'
import { WeightsError } from './errors'
import { discoverFolder, readJson, type FolderPart } from './folder'
import { combineFingerprints, fileFingerprint } from './hash'
import { SafetensorsFile } from './safetensors'
import { diffusersComponent, expectedUnet, splitFile } from './singleFile'
import { describePathProblem } from '../../pathProblem'

export type CheckpointLayout = FileKind | 'diffusers-folder'

export interface OpenOptions {
  /** Expected configs (default: sd15). Tests pass the golden tiny configs here. */
  configs?: Partial<ModelConfigs>
}

export interface CheckpointSource {
  readonly path: string
  readonly layout: CheckpointLayout
  /** Config per component: the folder's config.json when it has one, else the expected config. */
  readonly configs: ModelConfigs
  /** Cheap content hash of every file used (see hash.ts). */
  readonly contentHash: string
  /** Non-fatal findings for the user (e.g. a ControlNet whose name says canny). */
  readonly warnings: readonly string[]
  /** Keys that belong to no component (EMA copies, schedule buffers, …); never loaded. */
  readonly unusedKeys: readonly string[]
  readonly components: readonly Component[]
  /** The component's weights; throws a clear error when this checkpoint has none. */
  component(component: Component): ComponentWeights
  close(): void
}

export function openCheckpoint(path: string, options: OpenOptions = {}): CheckpointSource {
  const expected: ModelConfigs = { ...sd15, ...options.configs }
  let stat
  try {
    stat = statSync(path)
  } catch (err) {
    throw new WeightsError('not-found', `${describePathProblem(path, err)}.`) // a link loop is not "missing"
  }
  return stat.isDirectory() ? openFolder(path, expected) : openFile(path, expected)
}

function openFile(path: string, expected: ModelConfigs): CheckpointSource {
  const file = SafetensorsFile.open(path)
  try {
    const split = splitFile(file, expected)
    const warnings: string[] = []
    const typeWarning = split.kind === 'controlnet' ? controlTypeWarning(basename(path)) : undefined
    if (typeWarning) warnings.push(typeWarning)
    // Single files routinely carry EMA copies and schedule buffers; elsewhere extra keys are worth a note.
    if (split.unused.length && split.kind !== 'sd-single-file')
      warnings.push(`${path}: skipped ${describeKeys(split.unused)}`)
    return new OpenedCheckpoint(path, split.kind, expected, [file], split.components, split.unused, warnings)
  } catch (err) {
    file.close()
    throw err
  }
}

function openFolder(dir: string, expected: ModelConfigs): CheckpointSource {
  const parts = discoverFolder(dir)
  const files: SafetensorsFile[] = []
  try {
    const components = new Map<Component, ComponentWeights>()
    const configs = { ...expected }
    for (const part of parts) {
      const opened = part.files.map((f) => SafetensorsFile.open(f))
      files.push(...opened)
      const weights = new ComponentWeights(part.component)
      for (const file of opened) diffusersComponent(file, part.component, weights)
      checkFolderComponent(weights, expected, part.files[0])
      components.set(part.component, weights)
      applyConfig(configs, part)
    }
    // Diffusers ControlNets come as folders named after their type (lllyasviel/sd-controlnet-canny).
    const typeWarning = components.has('controlnet') ? controlTypeWarning(basename(dir)) : undefined
    const warnings = typeWarning ? [typeWarning] : []
    return new OpenedCheckpoint(dir, 'diffusers-folder', configs, files, components, [], warnings)
  } catch (err) {
    for (const f of files) f.close()
    throw err
  }
}

function checkFolderComponent(weights: ComponentWeights, expected: ModelConfigs, label: string): void {
  const shapes = weights.shapes()
  if (weights.component === 'unet')
    checkUnet(unetShape(shapes, '', 'diffusers', label), shapes, expectedUnet(expected), label)
  if (weights.component === 'controlnet') {
    detectControlNet(
      shapes,
      { ...expectedUnet(expected), hintChannels: expected.controlnet.conditioningChannels },
      label,
    )
  }
  if (weights.component === 'text_encoder') {
    const width = shapes.get('text_model.embeddings.token_embedding.weight')?.[1]
    if (width === 1024)
      throw new WeightsError('sd2', `${label} is the OpenCLIP text encoder of SD 2.x, not SD 1.5's CLIP.`)
  }
}

function applyConfig(configs: ModelConfigs, part: FolderPart): void {
  if (!part.configPath) return
  const json = readJson(part.configPath)
  const label = part.configPath
  if (part.component === 'unet') configs.unet = parseUNetConfig(json, label)
  if (part.component === 'vae') configs.vae = parseVaeConfig(json, label)
  if (part.component === 'text_encoder') configs.textEncoder = parseClipTextConfig(json, label)
  if (part.component === 'controlnet') configs.controlnet = parseControlNetConfig(json, label)
}

class OpenedCheckpoint implements CheckpointSource {
  readonly contentHash: string
  readonly components: readonly Component[]

  constructor(
    readonly path: string,
    readonly layout: CheckpointLayout,
    readonly configs: ModelConfigs,
    private readonly files: SafetensorsFile[],
    private readonly parts: Map<Component, ComponentWeights>,
    readonly unusedKeys: readonly string[],
    readonly warnings: readonly string[],
  ) {
    this.components = [...parts.keys()]
    // Names are relative to the opened path ("" for a single file), so renaming a file keeps its hash.
    const named = files.map((f) => [relative(path, f.path), fileFingerprint(f)] as const)
    this.contentHash = combineFingerprints(named)
  }

  component(component: Component): ComponentWeights {
    const weights = this.parts.get(component)
    if (!weights) {
      const has = this.components.length ? this.components.join(', ') : 'nothing usable'
      throw new WeightsError('missing-keys', `${this.path} has no ${component} (it contains: ${has}).`)
    }
    return weights
  }

  close(): void {
    for (const f of this.files) f.close()
  }
}
