// File dialogs run in main: the renderer asks for "an image" or "a checkpoint" and main returns what the
// user picked to the engine, so the page never handles a path it did not get from a dialog (DESIGN §2).
// Electron supplies the real dialogs; the e2e bridge supplies scripted ones (test/e2e/bridge/dialogs.ts).

export interface FileFilter {
  name: string
  extensions: string[]
}

export interface OpenDialogRequest {
  title: string
  filters?: FileFilter[]
  /** Pick a folder instead of a file. */
  folder?: boolean
}

export interface StudioDialogs {
  /** The chosen path, or null when the user cancelled. */
  openPath(request: OpenDialogRequest): Promise<string | null>
}

/** The part of Electron's dialog module the studio uses (structural, so this file needs no electron import). */
export interface ElectronDialogLike {
  showOpenDialog(options: {
    title: string
    filters?: FileFilter[]
    properties: ('openFile' | 'openDirectory')[]
  }): Promise<{ canceled: boolean; filePaths: string[] }>
}

export function electronDialogs(dialog: ElectronDialogLike): StudioDialogs {
  return {
    async openPath({ title, filters, folder }) {
      const result = await dialog.showOpenDialog({
        title,
        filters: folder ? undefined : filters,
        properties: [folder ? 'openDirectory' : 'openFile'],
      })
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
  }
}

export const IMAGE_FILTERS: FileFilter[] = [{ name: 'Images (PNG, JPEG)', extensions: ['png', 'jpg', 'jpeg'] }]
export const MODEL_FILTERS: FileFilter[] = [{ name: 'Safetensors models', extensions: ['safetensors'] }]
