// The envelope every channel answers with, on every transport. Only a code and a message cross the
// boundary: never a stack or an exception object. Layer: shared.

export type ErrorCode =
  | 'validation'
  | 'unknown_channel'
  | 'no_review'
  | 'no_reviewer'
  | 'not_found'
  | 'exists'
  | 'not_a_review'
  | 'newer_version'
  | 'corrupt'
  /** A password-protected (encrypted) file: the caller may ask for its password and try again. */
  | 'encrypted'
  /** The user cancelled a long operation (an import); nothing was written. */
  | 'cancelled'
  | 'io'
  /** The review is open in another Caliper window or command (or another program holds its lock). */
  | 'in_use'
  /** The review was opened read-only (the file or its folder cannot be written): no change can be saved. */
  | 'read_only'
  /** Switching to a reviewer with a passcode: ask for it and try again. */
  | 'passcode_required'
  | 'wrong_passcode'
  /** Another reviewer's work: only they can change it. */
  | 'not_yours'
  /** Deleting a highlight that feeds values: ask, then send again with confirm. */
  | 'highlight_in_use'
  /** A study not yet marked complete by both reviewers cannot be reconciled. */
  | 'not_ready'
  | 'not_allowed'
  /** Merging a reviewer's work: the copy disagrees with this review (another review, a differing value). */
  | 'conflict'
  | 'internal';

export interface CaliperErrorInfo {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: CaliperErrorInfo };

/** An error a service throws on purpose; the router turns it into `{ ok: false, error }`. */
export class CaliperError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'CaliperError';
    this.code = code;
  }
}
