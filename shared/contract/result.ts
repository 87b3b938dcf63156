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
