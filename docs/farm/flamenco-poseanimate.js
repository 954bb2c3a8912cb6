// PoseAnimate shot as a Flamenco job (a custom job type: copy this file into the Manager's `scripts/`
// folder and restart it). The shot's frames are rendered in chunks with `poseanimate render --frames a-b`,
// one task per chunk, then `poseanimate export` writes the video. Each chunk depends on the previous one:
// stage 4 generates frame i from frame i-1, so later chunks reuse what earlier ones cached. The project
// must be a project database (*.poseanim) on storage every Worker reaches at the same path. For the work
// inside a shot to run on many GPUs at once, add `--farm redis://HOST:PORT --store <shared folder>` to
// the render arguments (see README, "Render farm"); Flamenco then schedules shots, PoseAnimate's farm frames.

/* global author -- Flamenco provides it; it reads JOB_TYPE and calls compileJob */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
const JOB_TYPE = {
  label: 'PoseAnimate shot',
  settings: [
    { key: 'project', type: 'string', subtype: 'file_path', required: true, description: 'The *.poseanim project' },
    { key: 'frames', type: 'string', default: '1-16', required: true, description: 'First and last frame, a-b' },
    { key: 'chunk_size', type: 'int32', default: 4, description: 'Frames per task' },
    { key: 'output', type: 'string', subtype: 'file_path', required: true, description: 'Video file or folder/' },
    { key: 'poseanimate', type: 'string', default: 'poseanimate', description: 'The CLI on the Workers' },
    { key: 'extra_args', type: 'string', default: '', description: 'e.g. --farm redis://… --store /mnt/farm' },
  ],
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars
function compileJob(job) {
  const s = job.settings
  const [first, last] = s.frames.split('-').map((n) => parseInt(n, 10))
  const extra = s.extra_args ? s.extra_args.split(' ').filter((a) => a) : []
  let previous = null
  for (let a = first; a <= last; a += s.chunk_size) {
    const b = Math.min(last, a + s.chunk_size - 1)
    const task = author.Task(`frames ${a}-${b}`, 'misc')
    task.addCommand(
      author.Command('exec', { exe: s.poseanimate, args: ['render', s.project, '--frames', `${a}-${b}`, ...extra] }),
    )
    if (previous) task.addDependency(previous)
    job.addTask(task)
    previous = task
  }
  const exportTask = author.Task('export video', 'misc')
  exportTask.addCommand(author.Command('exec', { exe: s.poseanimate, args: ['export', s.project, '--out', s.output] }))
  if (previous) exportTask.addDependency(previous)
  job.addTask(exportTask)
}
