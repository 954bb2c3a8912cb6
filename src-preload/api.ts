// THE contract between the renderer and the main process. Pure types, no runtime dependencies.
export interface StudioApi {
  app: { info(): Promise<AppInfo> }
}

export interface AppInfo {
  version: string
  executionProviders: string[]
}
