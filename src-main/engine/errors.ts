// Errors shared by every engine module (and the CLI, which re-exports UserError from cli/command.ts).

/** A failure the user caused and can fix (bad file, wrong option): reported without a stack trace. */
export class UserError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UserError'
  }
}

/** Thrown inside the engine when a call's signal is aborted; reaches the caller as code 'cancelled'. */
export class CancelledError extends Error {
  constructor(message = 'Cancelled.') {
    super(message)
    this.name = 'CancelledError'
  }
}
