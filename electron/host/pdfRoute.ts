// The web host's route for a stored PDF's bytes: GET or HEAD /api/pdf/<sha256>, whole or by range,
// so the reader's pdf.js fetches only the parts it needs. It sits under /api/, so it needs the
// token in the X-Caliper-Token header like every API call (server.ts checks that before calling
// this). Layer: electron/host, a thin adapter over electron/backend/pdfBytes.ts.
import type http from 'node:http';
import { Readable } from 'node:stream';
import type { Backend } from '../backend/backend';
import { pdfBytes } from '../backend/pdfBytes';

export const PDF_ROUTE = '/api/pdf/';

export async function servePdfRoute(
  backend: Backend,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  pathname: string,
): Promise<void> {
  const range = typeof req.headers.range === 'string' ? req.headers.range : undefined;
  const answer = await pdfBytes(backend, pathname.slice(PDF_ROUTE.length), { method: req.method ?? 'GET', range });
  res.writeHead(answer.status, { ...answer.headers, 'Referrer-Policy': 'no-referrer' });
  if (answer.body instanceof Readable) {
    answer.body.on('error', () => res.destroy());
    res.on('close', () => (answer.body as Readable).destroy());
    answer.body.pipe(res);
  } else res.end(answer.body ?? undefined);
}
