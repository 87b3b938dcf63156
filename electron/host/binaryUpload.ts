// File uploads to the web host as binary bodies, not base64 inside JSON: POST /api/<channel> with
// Content-Type application/pdf (a PDF) or application/octet-stream (a reference file), the rest of
// the request as JSON in the X-Caliper-Request header (URI-encoded), and the file as the body, which
// the router receives as `content`. Only the channels that take a file accept one, each with its own
// limit. The declared length is checked before anything is read (413 at once), and the body is read
// into one buffer of that size: a 200 MB PDF costs 200 MB, not the 2.7 GB of base64 in JSON. server.ts
// has checked the token, Host and Origin before calling this. Layer: electron/host.
import type http from 'node:http';
import { MAX_PDF_BYTES, formatMegabytes } from '../../shared/contract/limits';
import type { Result } from '../../shared/contract/result';
import { MAX_REFERENCE_CONTENT_BYTES } from '../../shared/contract/sources';
import type { Router } from '../backend/router';

const BINARY_TYPES = new Set(['application/pdf', 'application/octet-stream']);
/** The JSON part of the request must be small: names, ids, a password. */
const MAX_REQUEST_HEADER_CHARS = 8 * 1024;

/** The channels that take a file as a binary body: what the file is, and the largest accepted. */
const FILE_CHANNELS: Record<string, { file: string; limit: number }> = {
  'document:importPdf': { file: 'PDF', limit: MAX_PDF_BYTES },
  'document:replacePdf': { file: 'PDF', limit: MAX_PDF_BYTES },
  'document:matchPdf': { file: 'PDF', limit: MAX_PDF_BYTES },
  'source:previewImport': { file: 'reference file', limit: MAX_REFERENCE_CONTENT_BYTES },
};

export function isBinaryUpload(req: http.IncomingMessage): boolean {
  return BINARY_TYPES.has((req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase());
}

function answer(res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}

function refusal(message: string): string {
  const result: Result<never> = { ok: false, error: { code: 'validation', message } };
  return JSON.stringify(result);
}

/** Reads exactly `length` bytes into one buffer; rejects when the body is longer or shorter. */
function readExactly(req: http.IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const body = Buffer.allocUnsafe(length);
    let at = 0;
    req.on('data', (chunk: Buffer) => {
      if (at + chunk.length > length) {
        reject(new Error('longer than declared'));
        req.destroy();
        return;
      }
      chunk.copy(body, at);
      at += chunk.length;
    });
    req.on('end', () => (at === length ? resolve(body) : reject(new Error('shorter than declared'))));
    req.on('error', reject);
  });
}

export async function serveBinaryUpload(
  router: Pick<Router, 'handle'>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  channel: string,
  sessionId: string,
): Promise<void> {
  if (req.method !== 'POST') return answer(res, 405, 'Method not allowed');
  const takes = Object.hasOwn(FILE_CHANNELS, channel) ? FILE_CHANNELS[channel]! : null;
  if (!takes) {
    res.setHeader('Connection', 'close');
    answer(res, 415, `${channel} does not take a file; send its request as application/json.`);
    req.destroy();
    return;
  }
  const declared = Number(req.headers['content-length']);
  if (!Number.isSafeInteger(declared) || declared < 0) {
    return answer(res, 411, `A ${takes.file} upload must declare its Content-Length.`);
  }
  if (declared > takes.limit) {
    res.setHeader('Connection', 'close');
    answer(
      res,
      413,
      `The ${takes.file} is ${formatMegabytes(declared)}; the limit is ${formatMegabytes(takes.limit)}.`,
    );
    req.destroy();
    return;
  }
  const header = req.headers['x-caliper-request'];
  let fields: unknown = {};
  if (typeof header === 'string' && header.length > 0) {
    if (header.length > MAX_REQUEST_HEADER_CHARS) return answer(res, 431, 'The X-Caliper-Request header is too long.');
    try {
      fields = JSON.parse(decodeURIComponent(header));
    } catch {
      return answer(res, 200, refusal('The X-Caliper-Request header is not URI-encoded JSON.'), 'application/json');
    }
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields) || 'content' in fields) {
    return answer(
      res,
      200,
      refusal('The X-Caliper-Request header must be a JSON object without content.'),
      'application/json',
    );
  }
  let content: Buffer;
  try {
    content = await readExactly(req, declared);
  } catch (error) {
    return answer(res, 400, `The ${takes.file} upload was ${(error as Error).message}.`);
  }
  const result = await router.handle(channel, { ...fields, content }, sessionId);
  answer(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
}
