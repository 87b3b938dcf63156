// The app:// protocol that serves the renderer build, with the strict Content-Security-Policy on
// every response, and the open review's PDFs by range at app://caliper/pdf/<sha256> for the reader's
// pdf.js (electron/backend/pdfBytes.ts). Nothing else outside the build folder is reachable.
// Layer: electron/main.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import type { Backend } from '../backend/backend';
import { pdfBytes } from '../backend/pdfBytes';
import { CONTENT_SECURITY_POLICY, MEDIA_TYPES } from '../backend/csp';
import { resolveStaticFile } from '../backend/staticFiles';

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

const PDF_PATH = '/pdf/';

async function servePdf(backend: Backend, request: Request, pathname: string): Promise<Response> {
  const answer = await pdfBytes(backend, pathname.slice(PDF_PATH.length), {
    method: request.method,
    range: request.headers.get('range') ?? undefined,
  });
  const body =
    answer.body instanceof Readable
      ? (Readable.toWeb(answer.body) as ReadableStream<Uint8Array>)
      : answer.body && new Uint8Array(answer.body);
  return new Response(body, {
    status: answer.status,
    headers: { ...answer.headers, 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
  });
}

export function serveRenderer(rendererDir: string, backend: Backend): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host === 'caliper' && url.pathname.startsWith(PDF_PATH)) return servePdf(backend, request, url.pathname);
    const file = url.host === 'caliper' ? resolveStaticFile(rendererDir, url.pathname) : null;
    if (!file)
      return new Response('Not found', {
        status: 404,
        headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
      });
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        'Content-Type': MEDIA_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
