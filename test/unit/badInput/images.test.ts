// Bad character images and masks named by a project JSON: refused with the file's name and what it is,
// read only when they are regular files of bounded size, and never smaller than a usable image.
import { mkdirSync, symlinkSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { runCliCases, type CliCase } from './harness'
import { file, png, pngHeaderOnly, projectJson, symlinkLoop, type Json } from './inputs'

const render = (dir: string, edit: (p: Json) => void) => ['render', projectJson(dir, edit), '--out', join(dir, 'o.mp4')]

const CASES: CliCase[] = [
  {
    name: 'image: missing',
    argv: (d) => render(d, (p) => (p.image = 'gone.png')),
    exit: 1,
    message: /gone\.png does not exist/,
  },
  {
    name: 'image: a text file',
    argv: (d) => render(d, (p) => (p.image = file(d, 'notes.png', 'just text'))),
    exit: 1,
    message: /notes\.png is not a PNG or JPEG file/,
  },
  {
    name: 'image: a truncated PNG',
    argv: (d) => render(d, (p) => (p.image = file(d, 'cut.png', png(128, 128).subarray(0, 60)))),
    exit: 1,
    message: /could not be decoded as PNG \(corrupt or truncated\?\)/,
  },
  {
    name: 'image: 1×1 pixel',
    argv: (d) => render(d, (p) => (p.image = file(d, 'dot.png', png(1, 1)))),
    exit: 1,
    message: /dot\.png is 1×1 pixels; a character image or mask needs at least 64×64/,
  },
  {
    name: 'image: a PNG header claiming 100000×100000',
    argv: (d) => render(d, (p) => (p.image = file(d, 'huge.png', pngHeaderOnly(100000, 100000)))),
    exit: 1,
    message: /image is too large \(100000×100000\); the limit is 64 megapixels/,
  },
  {
    name: 'image: a device file (/dev/zero)',
    argv: (d) => render(d, (p) => (p.image = '/dev/zero')),
    exit: 1,
    message: /\/dev\/zero is a device, pipe or socket, not an image file/,
  },
  {
    name: 'image: a folder',
    argv: (d) => {
      mkdirSync(join(d, 'pictures.png'))
      return render(d, (p) => (p.image = 'pictures.png'))
    },
    exit: 1,
    message: /pictures\.png is a folder, not an image file/,
  },
  {
    name: 'image: a file of more than 64 MiB',
    argv: (d) => {
      const big = file(d, 'big.png', png(64, 64))
      truncateSync(big, 65 * 1024 * 1024) // sparse: no disk used
      return render(d, (p) => (p.image = 'big.png'))
    },
    exit: 1,
    message: /big\.png is too large \(65 MiB; the limit is 64 MiB\)/,
  },
  {
    name: 'image: a symbolic link that loops',
    argv: (d) => render(d, (p) => (p.image = symlinkLoop(d, 'loop.png'))),
    exit: 1,
    message: /loop\.png is a symbolic link that loops back on itself/,
  },
  {
    name: 'image: a link to nothing',
    argv: (d) => {
      symlinkSync('nowhere.png', join(d, 'dangling.png'))
      return render(d, (p) => (p.image = 'dangling.png'))
    },
    exit: 1,
    message: /dangling\.png is a symbolic link to nowhere\.png, which does not exist/,
  },
  {
    name: 'mask: 1×1 pixel',
    argv: (d) => render(d, (p) => (p.mask = file(d, 'dot-mask.png', png(1, 1)))),
    exit: 1,
    message: /the character mask is 1×1 pixels; a character image or mask needs at least 64×64/,
  },
  {
    name: 'mask: missing',
    argv: (d) => render(d, (p) => (p.mask = 'no-mask.png')),
    exit: 1,
    message: /no-mask\.png does not exist/,
  },
  {
    name: 'mask: a text file',
    argv: (d) => render(d, (p) => (p.mask = file(d, 'mask.png', 'not a mask'))),
    exit: 1,
    message: /mask\.png is not a PNG or JPEG file/,
  },
]

runCliCases('pa-bad-img-', CASES)
