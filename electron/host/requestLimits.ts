// What the web host accepts from one request: the largest body per channel (checked as the body
// arrives, so an oversized upload is refused before it is held in memory), the media type of API
// calls, and the connection limits that keep slow or idle clients from holding sockets.
// Layer: electron/host.
import { MAX_ABSTRACT_BYTES, MAX_PDF_BYTES } from '../../shared/contract/limits';
import { MAX_RM5_BYTES } from '../../shared/contract/revman';
import { MAX_IMPORT_DECISIONS, MAX_REFERENCE_BASE64_BYTES } from '../../shared/contract/sources';

const MB = 1024 * 1024;
/** Base64 is 4/3 of the bytes it carries; the rest of the JSON (names, ids) fits in 1 MB. */
const base64Body = (bytes: number) => Math.ceil((bytes * 4) / 3) + MB;

/** Every channel not named below: ids, titles, one value or highlight, a form. */
export const DEFAULT_BODY_LIMIT = 2 * MB;

const BODY_LIMITS: Record<string, number> = {
  'document:importPdf': base64Body(MAX_PDF_BYTES),
  'document:replacePdf': base64Body(MAX_PDF_BYTES),
  'document:matchPdf': base64Body(MAX_PDF_BYTES),
  'source:previewImport': base64Body(MAX_REFERENCE_BASE64_BYTES),
  'review:importRm5': base64Body(MAX_RM5_BYTES),
  // An abstract of up to 5 MB of UTF-8; JSON escapes (\n, \") may double it.
  'study:add': 2 * MAX_ABSTRACT_BYTES + MB,
  // Up to a million {"index":N,"action":"merge"} decisions.
  'source:commitImport': MAX_IMPORT_DECISIONS * 40 + MB,
};

export function bodyLimitFor(channel: string): number {
  return Object.hasOwn(BODY_LIMITS, channel) ? BODY_LIMITS[channel]! : DEFAULT_BODY_LIMIT;
}

/**
 * True for `application/json`, optionally with `charset=utf-8`; false for anything else, including
 * types that merely start with it (`application/jsonp`, `application/json-patch+json`).
 */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const [type, ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((p) => p === '' || /^charset=("?)utf-8\1$/.test(p));
}

export interface ConnectionLimits {
  /** Sockets open at once; more are closed as they arrive. */
  maxConnections: number;
  /** Event streams open at once (each holds a socket for as long as its page is open). */
  maxEventStreams: number;
  /** Time to send the request headers. */
  headersTimeoutMs: number;
  /** Time to send the whole request, body included (a 270 MB upload takes a few seconds). */
  requestTimeoutMs: number;
  /** A socket that sends nothing for this long is closed (event streams excepted). */
  idleTimeoutMs: number;
  /** How often the server looks for requests past their time. */
  checkIntervalMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  maxConnections: 64,
  maxEventStreams: 16,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
};
