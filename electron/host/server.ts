// The web host: serves the renderer build and the backend router over HTTP on 127.0.0.1 only, for
// machines where Electron's window cannot run. Every request must carry the per-start token (query
// on the first page load, then an HttpOnly SameSite=Strict cookie; API calls also send it as a
// header), and its Host and Origin must be this server's own. Events go out as Server-Sent Events.
// Layer: electron/host, a thin adapter over electron/backend.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Backend } from '../backend/backend';
import { MAX_PDF_BYTES } from '../../shared/contract/limits';
import { CONTENT_SECURITY_POLICY, MEDIA_TYPES } from '../backend/csp';
import type { Router } from '../backend/router';
import { resolveStaticFile } from '../backend/staticFiles';
import { isBinaryUpload, serveBinaryUpload } from './binaryUpload';
import { PDF_ROUTE, servePdfRoute } from './pdfRoute';

export interface HostOptions {
  backend: Backend;
  router: Router;
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  token?: string;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/**
 * Largest request body accepted: a 200 MB PDF as base64 (4/3 of its size) in JSON, with room to spare.
 * The channels' own limits (200 MB PDF, 100 MB reference file, 5 MB abstract) give the precise message.
 */
export const MAX_BODY_BYTES = Math.ceil((MAX_PDF_BYTES * 4) / 3) + 1024 * 1024;
const COOKIE = 'caliper_token';

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return null;
}

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
  extra: http.OutgoingHttpHeaders = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    ...extra,
  });
  res.end(body);
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('too_large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const sseClients = new Set<http.ServerResponse>();
  let port = 0;

  const unsubscribe = options.backend.events.subscribe((event, payload) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const client of sseClients) client.write(frame);
  });

  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!req.headers.host || !allowedHosts().includes(req.headers.host)) {
      send(res, 403, 'Caliper refuses this request: its Host header is not this server.');
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) {
      send(res, 403, 'Caliper refuses this request: it comes from another origin.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const headerToken = req.headers['x-caliper-token'];
    const queryToken = url.searchParams.get('token');
    const fromCookie = cookieToken(req.headers.cookie);
    const isApi = url.pathname.startsWith('/api/');

    // API calls must name the token themselves (header, or query for EventSource), so a cookie
    // alone can never drive the backend.
    const authorised = isApi
      ? sameToken(typeof headerToken === 'string' ? headerToken : null, token) ||
        (url.pathname === '/api/events' && (sameToken(queryToken, token) || sameToken(fromCookie, token)))
      : sameToken(queryToken, token) || sameToken(fromCookie, token);
    if (!authorised) {
      send(res, 401, 'Caliper needs the access token printed when it started: open the full address it printed.');
      return;
    }

    if (isApi && url.pathname === '/api/events') {
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed', undefined, { Allow: 'GET' });
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive',
        'X-Content-Type-Options': 'nosniff',
      });
      res.write(': connected\n\n');
      sseClients.add(res);
      req.on('close', () => sseClients.delete(res));
      return;
    }

    if (isApi && url.pathname.startsWith(PDF_ROUTE)) return servePdfRoute(options.backend, req, res, url.pathname);
    if (isApi && isBinaryUpload(req))
      return serveBinaryUpload(options.router, req, res, decodeURIComponent(url.pathname.slice('/api/'.length)));

    if (isApi) {
      if (req.method !== 'POST') return send(res, 405, 'Method not allowed', undefined, { Allow: 'POST' });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(res, 415, 'Caliper API requests must be application/json.');
      }
      let body: Buffer;
      try {
        body = await readBody(req, MAX_BODY_BYTES);
      } catch {
        return send(res, 413, `The request is larger than ${Math.round(MAX_BODY_BYTES / (1024 * 1024))} MB.`);
      }
      let request: unknown;
      try {
        request = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        const result = { ok: false, error: { code: 'validation', message: 'The request body is not valid JSON.' } };
        return send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
      }
      const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      const result = await options.router.handle(channel, request);
      return send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method not allowed', undefined, { Allow: 'GET, HEAD' });
    const file = resolveStaticFile(options.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'Not found.');
    const content = readFileSync(file);
    const extra: http.OutgoingHttpHeaders = { 'X-Frame-Options': 'DENY' };
    if (queryToken) extra['Set-Cookie'] = `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    res.writeHead(200, {
      'Content-Type': MEDIA_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': content.length,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      ...extra,
    });
    res.end(req.method === 'HEAD' ? undefined : content);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      process.stderr.write(`caliper host: ${error instanceof Error ? error.stack : String(error)}\n`);
      if (!res.headersSent) send(res, 500, 'Internal error.');
      else res.end();
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        close: () =>
          new Promise<void>((done) => {
            unsubscribe();
            for (const client of sseClients) client.end();
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
