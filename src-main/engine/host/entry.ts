// Engine process entry (Electron utilityProcess or a Node child process). Filled in by the engine host.
export {}
