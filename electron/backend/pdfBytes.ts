// A stored PDF's bytes for the reader, by URL and in ranges, so pdf.js fetches the parts it needs
// (the first page of a 37 MB PDF shows without the whole file crossing) and neither side keeps the
// file in memory. The web host (GET /api/pdf/<sha256>, electron/host/pdfRoute.ts) and the Electron
// app:// protocol (app://caliper/pdf/<sha256>, electron/main/protocol.ts) answer with this.
// SQLite reads a large value whole (about 140 ms for 37 MB, whatever the range), so a PDF being read
// is copied once to a private spool file (a folder only this user can open, removed when the process
// ends) and ranges are read from there; the last few PDFs stay spooled. Only a PDF the open review
// holds is served. Layer: electron/backend.
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { CaliperError } from '../../shared/contract/result';
import type { Backend } from './backend';
import { getPdfContent, getPdfDocument } from './db/repositories/documents';

export interface BytesAnswer {
  status: number;
  headers: Record<string, string>;
  /** A Buffer for a range, a stream for the whole file, nothing for HEAD or an error. */
  body: Buffer | Readable | null;
}

/** Largest range served at once: pdf.js asks for far less (its chunks are 64 KB to a few MB). */
const MAX_RANGE_BYTES = 16 * 1024 * 1024;
const SPOOLED_KEPT = 4;
const SHA256 = /^[0-9a-f]{64}$/;

let spoolDir: string | null = null;
/** Spooled PDFs, least recently used first. */
const spooled = new Map<string, Promise<string>>();

function spoolFolder(): string {
  if (!spoolDir) {
    spoolDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-pdf-'));
    const dir = spoolDir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return spoolDir;
}

async function spool(backend: Backend, sha256: string): Promise<string> {
  const known = spooled.get(sha256);
  if (known) {
    spooled.delete(sha256);
    spooled.set(sha256, known);
    const file = await known.catch(() => null);
    if (file && (await stat(file).catch(() => null))) return file;
    spooled.delete(sha256);
  }
  const file = path.join(spoolFolder(), `${sha256}.pdf`);
  const writing = (async () => {
    const content = getPdfContent(backend.requireReview().db, sha256);
    if (!content) throw new CaliperError('not_found', `No PDF with SHA-256 ${sha256} in this review.`);
    // Written whole under another name, then renamed: a range is never read from half a file.
    const partial = `${file}.${randomBytes(4).toString('hex')}.part`;
    await writeFile(partial, content, { mode: 0o600 });
    await rename(partial, file);
    return file;
  })();
  spooled.set(sha256, writing);
  writing.catch(() => spooled.delete(sha256));
  while (spooled.size > SPOOLED_KEPT) {
    const [oldest, oldFile] = spooled.entries().next().value!;
    spooled.delete(oldest);
    void oldFile.then((f) => unlink(f)).catch(() => undefined);
  }
  return writing;
}

/**
 * Starts copying a PDF to its spool file once the current request has answered (the reader asks
 * for the PDF's facts, then loads pdf.js, then asks for its first range: the copy happens in
 * between, so the first range does not wait for it). Errors are left to the range request.
 */
export function warmPdfBytes(backend: Backend, sha256: string): void {
  setImmediate(() => {
    if (backend.current) spool(backend, sha256).catch(() => undefined);
  });
}

function plain(status: number, message: string): BytesAnswer {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    body: Buffer.from(message, 'utf8'),
  };
}

/** "bytes=a-b", "bytes=a-", "bytes=-n" (one range); null when absent; 'bad' when unusable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'bad' {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'bad';
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'bad';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start > end || start >= size) return 'bad';
  return { start, end };
}

/**
 * Answers a GET or HEAD for a stored PDF, whole or one range (RFC 9110 14): 200 or 206 with the
 * bytes, 416 for a range outside the file, 404 for a PDF the open review does not hold.
 */
export async function pdfBytes(
  backend: Backend,
  sha256: string,
  request: { method: string; range?: string | undefined },
): Promise<BytesAnswer> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed.');
  const review = backend.current;
  if (!review) return plain(404, 'No review is open.');
  const document = SHA256.test(sha256) ? getPdfDocument(review.db, sha256) : null;
  if (!document) return plain(404, 'This review holds no such PDF.');
  // A review imported from a JSON file without its PDFs holds their text, not their bytes.
  const stored = review.db.prepare('SELECT length(content) AS n FROM documents WHERE sha256 = ?').get(sha256) as
    { n: number } | undefined;
  if (stored?.n === 0) {
    return plain(
      404,
      'This PDF was left out of the JSON file the review was imported from: its text is here, its pages are not. Import the same PDF again to restore it.',
    );
  }
  const size = document.bytes;
  const base = {
    'Content-Type': 'application/pdf',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  const range = parseRange(request.range, size);
  if (range === 'bad') {
    return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}` }, body: null };
  }
  const file = await spool(backend, sha256);
  if (range === null) {
    return {
      status: 200,
      headers: { ...base, 'Content-Length': String(size) },
      body: request.method === 'HEAD' ? null : createReadStream(file),
    };
  }
  const length = Math.min(range.end - range.start + 1, MAX_RANGE_BYTES);
  const headers = {
    ...base,
    'Content-Length': String(length),
    'Content-Range': `bytes ${range.start}-${range.start + length - 1}/${size}`,
  };
  if (request.method === 'HEAD') return { status: 206, headers, body: null };
  const handle = await open(file, 'r');
  try {
    const body = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(body, read, length - read, range.start + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return { status: 206, headers, body: read === length ? body : body.subarray(0, read) };
  } finally {
    await handle.close();
  }
}
