// Where an export goes: main asks the user with a save dialog and keeps the answer; the renderer only
// ever names the target by id (DESIGN §2). Electron supplies the real dialog and file manager; the e2e
// bridge supplies a scripted one confined to a test folder (test/e2e/bridge/exportDialogs.ts).
import { extname } from 'node:path'
import type { ExportFormat } from '../../src-preload/api'

export interface ExportDialogs {
  /** The path the user chose to save to, or null when they cancelled. */
  savePath(request: { format: ExportFormat; suggestedName: string }): Promise<string | null>
  /** Shows a written file (or folder) in the system's file manager. */
  reveal(path: string): void
}

/** The parts of Electron's dialog and shell modules used here (structural: no electron import). */
export interface ElectronSaveDialogLike {
  showSaveDialog(options: {
    title: string
    defaultPath: string
    buttonLabel: string
    filters?: { name: string; extensions: string[] }[]
    properties: ('createDirectory' | 'showOverwriteConfirmation')[]
  }): Promise<{ canceled: boolean; filePath?: string }>
}
export interface ElectronShellLike {
  showItemInFolder(path: string): void
}

const FILTERS: Record<Exclude<ExportFormat, 'png'>, { name: string; extensions: string[] }> = {
  mp4: { name: 'MP4 video (H.264)', extensions: ['mp4'] },
  webm: { name: 'WebM video (VP9)', extensions: ['webm'] },
  gif: { name: 'Animated GIF', extensions: ['gif'] },
}

export function electronExportDialogs(dialog: ElectronSaveDialogLike, shell: ElectronShellLike): ExportDialogs {
  return {
    async savePath({ format, suggestedName }) {
      const result = await dialog.showSaveDialog({
        title: format === 'png' ? 'Export PNG frames into a new folder' : 'Export video',
        defaultPath: suggestedName,
        buttonLabel: 'Export',
        filters: format === 'png' ? undefined : [FILTERS[format]],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      })
      return result.canceled || !result.filePath ? null : result.filePath
    },
    reveal: (path) => shell.showItemInFolder(path),
  }
}

/** "Knight waves hello.poseanim" → "Knight waves hello.mp4", or "… frames" for a PNG folder. */
export function suggestedExportName(projectId: string, format: ExportFormat): string {
  const base = projectId.replace(/\.poseanim$/, '')
  return format === 'png' ? `${base} frames` : `${base}.${format}`
}

/** The chosen path as the exporter reads it: the format's extension added when the dialog left it off,
 *  and a trailing slash for a PNG folder (so a dot in its name is not taken for an extension). */
export function exportOutPath(chosen: string, format: ExportFormat): string {
  if (format === 'png') return chosen.replace(/[\\/]*$/, '/')
  return extname(chosen).toLowerCase() === `.${format}` ? chosen : `${chosen}.${format}`
}
