// What a render summary tells beyond frames and timings (issues 10 and 11): the model's warnings (a
// ControlNet whose name says canny), which the CLI prints on stderr and in --json, and which execution
// provider ran each model. Renders the fast demo project in the engine process with the demo ControlNet
// copied into a folder named like the canny ControlNet users download (lllyasviel/sd-controlnet-canny);
// the demo's tiny configs go with the call, as the CLI cannot pass them.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { printOutcome } from '../../../src-main/cli/renderOutput'
import type { CliIo } from '../../../src-main/cli/command'
import { ensureDemoModel } from '../../../src-main/engine/demo/model'
import type { RenderSummary } from '../../../src-main/engine/diffusion/pipeline'
import { EngineHost } from '../../../src-main/engine/host/client'
import type { EngineMethods } from '../../../src-main/engine/host/handlers'
import { forkTransport } from '../../../src-main/engine/host/transports/node'
import { cacheDirOf } from '../../../src-main/engine/project/modelFiles'
import { PROVIDERS } from '../../../src-main/engine/runtime/providers'
import { writeFastDemo } from './fastDemo'

const home = mkdtempSync(join(tmpdir(), 'pa-summary-'))
const work = join(home, 'work')
mkdirSync(work)
const host = new EngineHost<EngineMethods>(forkTransport({ env: { ...process.env, POSEANIMATE_HOME: home } }))
afterAll(async () => {
  await host.stop()
  rmSync(home, { recursive: true, force: true })
})
const project = writeFastDemo(work)
const demo = ensureDemoModel(cacheDirOf(home))
const canny = join(work, 'sd-controlnet-canny')
cpSync(demo.controlnet, canny, { recursive: true })

const CANNY = /sd-controlnet-canny looks like a canny ControlNet; PoseAnimate feeds it OpenPose drawings/

async function render(controlnet: string): Promise<RenderSummary> {
  const models = { checkpoint: demo.model, controlnet, configs: demo.configs }
  const { summary } = await host.call('render.job', { path: project, models, job: { kind: 'render' } })
  if (!summary) throw new Error('render.job rendered nothing')
  return summary
}

/** What the CLI prints for this summary (the same printer `poseanimate render` uses). */
function printed(summary: RenderSummary, json: boolean) {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = { json, out: (l) => out.push(l), err: (l) => err.push(l) }
  const outcome = {
    project: { name: 'Demo', path: project, database: project, imported: true },
    model: { checkpoint: demo.model, controlnet: canny, demo: false },
    render: { preset: 'final' as const, steps: 2, innerIterations: 1, frameStride: 1, width: 64, height: 64 },
    summary,
    export: null,
  }
  printOutcome(io, outcome)
  return { stdout: out.join('\n'), stderr: err.join('\n') }
}

let summary: RenderSummary

it('the summary carries the ControlNet warning and the provider of every model the render ran', async () => {
  summary = await render(canny)
  expect(summary.warnings).toEqual([expect.stringMatching(CANNY)])
  const unet = ['unetControl', 'unetControlGrad', 'unetControlDca']
  const models = ['text_encoder', 'vae/encode@128x128', 'vae/decode@128x128', ...unet]
  expect(Object.keys(summary.providers.models).sort()).toEqual(models.sort())
  for (const provider of Object.values(summary.providers.models)) expect(PROVIDERS).toContain(provider)
  expect(summary.providers.fallbacks).toEqual([])
}, 240_000)

it('the CLI prints the warning on stderr and the providers in its summary, as text and as --json', () => {
  const text = printed(summary, false)
  expect(text.stderr).toMatch(new RegExp(`^warning: ${CANNY.source}`))
  const line = text.stdout.split('\n').find((l) => l.trimStart().startsWith('providers:'))
  expect(line).toMatch(new RegExp(`providers: (${PROVIDERS.join('|')}) \\(.*unetControlDca`))

  const json = printed(summary, true)
  expect(json.stderr).toMatch(CANNY) // still said where a person sees it
  const parsed = JSON.parse(json.stdout)
  expect(parsed.warnings).toEqual([expect.stringMatching(CANNY)])
  expect(parsed.providers).toEqual(summary.providers)
  expect(parsed.cache).toEqual({ computed: summary.computed, reused: summary.reused, damaged: 0 })
})

it('a ControlNet named for OpenPose gives no warning', async () => {
  const openpose = join(work, 'sd-controlnet-openpose')
  cpSync(canny, openpose, { recursive: true })
  const quiet = await render(openpose)
  expect(quiet.warnings).toEqual([])
  expect(printed(quiet, false).stderr).toBe('')
}, 240_000)
