// Electron glue: one invoke channel into the router, with the sender checked first.
import type { IpcMain } from 'electron'
import { IPC_INVOKE } from '../../src-preload/api'
import { fail, type StudioRouter } from './router'

export function registerStudioIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  router: StudioRouter,
  isTrustedSender: (url: string | undefined) => boolean,
): void {
  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, arg: unknown) => {
    const url = event.senderFrame?.url
    if (!isTrustedSender(url)) {
      return fail('forbidden', `Refused ${String(channel)} from an untrusted page (${url ?? 'unknown'}).`)
    }
    return router.invoke(channel, arg)
  })
}
