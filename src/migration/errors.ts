/** Why the engine refused an action, in codes callers switch on. */
export type MigrationErrorCode =
  | 'notFound'
  | 'badInput'
  | 'illegalState'
  | 'notApproved'
  | 'alreadyExecuted'
  | 'preflightBlocked'
  | 'concurrency'
  | 'forbidden'
  | 'handedBack';

export class MigrationError extends Error {
  constructor(
    public readonly code: MigrationErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}
