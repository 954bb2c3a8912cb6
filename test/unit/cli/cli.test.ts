// The CLI end to end (in-process dispatcher + a real engine process; one run through bin/ as users do).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBin, runCliCaptured, useTempHome } from './harness'

const home = useTempHome('pa-cli-')
const cli = (...argv: string[]) => runCliCaptured(argv)

describe('poseanimate project', () => {
  const file = join(home, 'work', 'walk.poseanim')

  it('creates, lists and shows a project, in text and JSON', async () => {
    const created = await cli('project', 'create', file, '--name', 'Walk', '--fps', '24')
    expect(created).toMatchObject({ code: 0, stdout: `created ${file} ("Walk")\n` })

    const listed = await cli('project', 'list', join(home, 'work'), '--json')
    expect(listed.code).toBe(0)
    const listing = JSON.parse(listed.stdout)
    expect(listing.projects).toEqual([
      { path: file, summary: expect.objectContaining({ name: 'Walk', keyframeCount: 0 }) },
    ])

    const shown = await cli('project', 'show', file)
    expect(shown.stdout).toMatch(/^Walk {2}\(.*walk\.poseanim\)\n {2}512×512 at 24 fps, 0 posed frames/)
  })

  it('explains failures the user can fix, with exit code 1', async () => {
    expect(await cli('project', 'create', file)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/already exists/),
    })
    const notes = join(home, 'notes.poseanim')
    writeFileSync(notes, 'just text')
    const shown = await cli('project', 'show', notes, '--json')
    expect(shown.code).toBe(1)
    expect(shown.stderr).toMatch(
      /^poseanimate project: .*notes\.poseanim is not a PoseAnimate project: it is a text file/,
    )
    expect(JSON.parse(shown.stdout)).toEqual({ ok: false, error: expect.stringMatching(/not a PoseAnimate project/) })
    // A malformed option is a usage error: exit code 2, with the same explanation.
    expect(await cli('project', 'create', join(home, 'x'), '--fps', 'fast')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--fps must be a positive whole number, got "fast"/),
    })
    // The studio's project bounds (src-preload/document, decision 0280); before, any whole number was stored.
    expect(await cli('project', 'create', join(home, 'odd.poseanim'), '--width', '500')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Invalid project settings — width: must be a multiple of 8/),
    })
  })
})

describe('poseanimate render', () => {
  // Rendering and exporting the demo project: test/unit/demo/cliRender.test.ts.
  it('says what an empty project lacks, with a non-zero exit', async () => {
    const file = join(home, 'work', 'walk.poseanim')
    const result = await cli('render', file, '--out', join(home, 'walk.mp4'))
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^poseanimate render: .*walk\.poseanim has no source image/)
  })

  it('checks its arguments', async () => {
    expect((await cli('render', join(home, 'missing.poseanim'), '--out', 'o.mp4')).stderr).toMatch(/No project file at/)
    expect((await cli('render', 'x.poseanim', '--frame-rate', '1')).stderr).toMatch(/Unknown option '--frame-rate'/)
    const walk = join(home, 'work', 'walk.poseanim')
    expect(await cli('render', walk, '--provider', 'metal')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/--provider must be one of auto, cuda, webgpu, dml, cpu, got "metal"/),
    })
  })
})

describe('dispatcher', () => {
  it('prints usage for no command and rejects unknown ones with exit code 2', async () => {
    expect(await cli()).toMatchObject({ code: 2, stdout: expect.stringMatching(/^usage: poseanimate <command>/) })
    expect(await cli('paint')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command "paint"/) })
    expect(await cli('render', '--help')).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/usage:\nposeanimate render/),
    })
  })

  it('`poseanimate info --json` prints versions and execution providers, run from any folder', async () => {
    const info = JSON.parse(await runBin(['info', '--json'], home, home)) // the engine starts outside the repo
    expect(info.provider).toMatchObject({ order: expect.arrayContaining(['cpu']) })
    expect(info.versions).toMatchObject({ node: process.versions.node, onnxruntime: expect.stringMatching(/^1\.\d+/) })
    expect(info.executionProviders).toContainEqual({ name: 'cpu', bundled: true, available: true })
    expect(info.executionProviders.map((p: { name: string }) => p.name)).toContain('cuda')
    expect(info.paths.projects).toBe(join(home, 'projects'))
  })
})
