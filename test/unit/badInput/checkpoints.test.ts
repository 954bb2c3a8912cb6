// Bad checkpoints passed to `render --model/--controlnet`: every one is caught from the file or its
// header, with a message naming the file, before anything is loaded.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { runCliCases, type CliCase } from './harness'
import { file, projectJson, safetensors, symlinkLoop } from './inputs'

const render = (dir: string, model: string, controlnet?: string) => [
  'render',
  projectJson(dir),
  '--model',
  model,
  ...(controlnet ? ['--controlnet', controlnet] : []),
  '--out',
  join(dir, 'out.mp4'),
]

const CASES: CliCase[] = [
  {
    name: 'checkpoint: a file that does not exist',
    argv: (d) => render(d, join(d, 'missing.safetensors'), join(d, 'missing-cn.safetensors')),
    exit: 1,
    message: /missing\.safetensors does not exist/,
  },
  {
    name: 'checkpoint: a text file',
    argv: (d) => render(d, file(d, 'notes.safetensors', 'my notes'), file(d, 'cn.safetensors', 'x')),
    exit: 1,
    message: /notes\.safetensors is only 8 bytes long: too short to be a model file/,
  },
  {
    name: 'checkpoint: an empty file',
    argv: (d) => render(d, file(d, 'empty.safetensors', ''), file(d, 'cn.safetensors', '')),
    exit: 1,
    message: /empty\.safetensors is only 0 bytes long/,
  },
  {
    name: 'checkpoint: header length beyond the end of the file',
    argv: (d) => render(d, file(d, 'cut.safetensors', safetensors({}, Buffer.alloc(0), 1_000_000))),
    exit: 1,
    message: /cut\.safetensors: its header claims 1000000 bytes but only 2 bytes follow/,
  },
  {
    name: 'checkpoint: header that is not JSON',
    argv: (d) => render(d, file(d, 'garbled.safetensors', safetensors('{not json'))),
    exit: 1,
    message: /garbled\.safetensors: the safetensors header is not valid JSON/,
  },
  {
    name: 'checkpoint: tensor data shorter than the header says',
    argv: (d) =>
      render(
        d,
        file(d, 'short.safetensors', safetensors({ w: { dtype: 'F32', shape: [1024], data_offsets: [0, 4096] } })),
      ),
    exit: 1,
    message: /short\.safetensors is truncated: its tensors need 4164 bytes but the file has 68/,
  },
  {
    name: 'checkpoint: a valid safetensors file with no model in it',
    argv: (d) =>
      render(
        d,
        file(
          d,
          'tiny.safetensors',
          safetensors({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, Buffer.alloc(4)),
        ),
      ),
    exit: 1,
    message: /tiny\.safetensors is not a Stable Diffusion model: it holds keys like w and no UNet/,
  },
  {
    name: 'checkpoint: a pickle .ckpt (never executed)',
    argv: (d) => render(d, file(d, 'model.ckpt', Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]))),
    exit: 1,
    message: /model\.ckpt is a PyTorch pickle checkpoint \(\.ckpt\)\. Pickle files can run arbitrary code/,
  },
  {
    name: 'checkpoint: a folder with no model',
    argv: (d) => {
      mkdirSync(join(d, 'empty-folder'))
      return render(d, join(d, 'empty-folder'))
    },
    exit: 1,
    message: /empty-folder is not a diffusers model folder/,
  },
  {
    name: 'checkpoint: a symbolic link that loops',
    argv: (d) => render(d, symlinkLoop(d, 'loop.safetensors')),
    exit: 1,
    message: /loop\.safetensors is a symbolic link that loops back on itself/,
  },
  {
    name: 'controlnet: a text file beside the demo model',
    argv: (d) => render(d, 'demo', file(d, 'cn.safetensors', 'not a controlnet')),
    exit: 1,
    message: /--controlnet cannot be combined with the demo model/,
  },
  {
    name: 'checkpoint: a pickle .bin',
    argv: (d) => render(d, file(d, 'model.bin', 'binary?')),
    exit: 1,
    message: /model\.bin is a PyTorch pickle checkpoint \(\.bin\)/,
  },
]

runCliCases('pa-bad-ckpt-', CASES)
