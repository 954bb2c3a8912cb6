// The project document's schemas, one module per field group (docs/decisions/0280). Both processes import
// these: the contract's types, main's IPC validation, the engine's settings, store and project JSON, and the
// studio's forms (their min/max). Pure TypeScript and zod: no Node, Electron, DOM or engine imports.
export * from './keyframes'
export * from './machineSettings'
export * from './mask'
export * from './model'
export * from './pataOptions'
export * from './pose'
export * from './projectDocument'
export * from './projectSettings'
export * from './renderSettings'
export * from './rigAnimation'
export * from './source'
