// A machine too small for the render (decision 0244's preflight), made small with the budget variables:
// refused before anything is computed, exit 1, the numbers and the way out named, no user file changed.
import { join } from 'node:path'
import { runCliCases, type CliCase } from './harness'
import { projectJson } from './inputs'

const render = (d: string) => ['render', projectJson(d), '--out', join(d, 'walk.mp4')]

const CASES: CliCase[] = [
  {
    name: 'resources: too little memory',
    argv: render,
    env: () => ({ POSEANIMATE_MEMORY_BUDGET: '64K' }),
    exit: 1,
    message:
      /Not enough memory for this render: it needs about [\d.]+ MiB .* and 0\.1 MiB is available\. Close other programs/,
  },
  {
    name: 'resources: too little disk for the compiled graphs',
    argv: render,
    env: () => ({ POSEANIMATE_DISK_BUDGET: '64K' }),
    exit: 1,
    message:
      /Not enough disk space for this render: compiling the model's graphs into .*compiled.* and 0\.1 MiB is free there\. Free space on that disk or set POSEANIMATE_HOME/,
  },
  {
    name: 'resources: a memory budget that is not a size',
    argv: render,
    env: () => ({ POSEANIMATE_MEMORY_BUDGET: 'plenty' }),
    exit: 1,
    message: /POSEANIMATE_MEMORY_BUDGET="plenty" is not a size: write e\.g\. 8G, 512M or a number of bytes/,
  },
]

runCliCases('pa-bad-resources-', CASES)
