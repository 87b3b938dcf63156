// The web host: serves the renderer build and the backend router over HTTP on 127.0.0.1 only, for
// machines where Electron's window cannot run. Every request must carry the per-start token (query
// on the first page load, or a one-time code exchanged for it, then an HttpOnly SameSite=Strict
// cookie named for this port; API calls also send it as a header), and its Host and Origin must be
// this server's own. Events go out as Server-Sent Events. Request bodies, connections and slow
// clients are bounded (requestLimits.ts). Layer: electron/host, a thin adapter over electron/backend.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type net from 'node:net';
import path from 'node:path';
import type { Backend } from '../backend/backend';
import { CONTENT_SECURITY_POLICY, MEDIA_TYPES } from '../backend/csp';
import type { Router } from '../backend/router';
import { resolveStaticFile } from '../backend/staticFiles';
import { bodyLimitFor, DEFAULT_CONNECTION_LIMITS, isJsonMediaType, type ConnectionLimits } from './requestLimits';

import { isBinaryUpload, serveBinaryUpload } from './binaryUpload';
import { PDF_ROUTE, servePdfRoute } from './pdfRoute';

export interface HostOptions {
  backend: Backend;
  router: Pick<Router, 'handle'>;
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  token?: string;
  limits?: Partial<ConnectionLimits>;
  /** How long a one-time code stays good (default 60 s). */
  codeTtlMs?: number;
}

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  /** The session cookie's name: one per port, so a server on another port never receives it. */
  cookieName: string;
  /**
   * An address with a one-time code instead of the token, for handing to a browser on its command
   * line (which other local users can read): the host exchanges the code once, within its time, for
   * the session cookie.
   */
  oneTimeUrl(): string;
  close(): Promise<void>;
}

const ONE_TIME_CODE_TTL_MS = 60_000;
/** Codes waiting to be exchanged; older ones are dropped first. */
const MAX_PENDING_CODES = 16;

const SESSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The tab a request comes from (X-Caliper-Session, made by the renderer once per tab): each tab is a
 * session with its own reviewer. A request without a well-formed one shares the host's "web" session.
 */
function sessionOf(req: http.IncomingMessage): string {
  const given = req.headers['x-caliper-session'];
  return typeof given === 'string' && SESSION_ID.test(given) ? `tab-${given}` : 'web';
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined, cookieName: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookieName) return value.join('=');
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

class BodyTooLarge extends Error {}

/** Reads a body of at most `limit` bytes; a larger one is refused as soon as it passes the limit. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** How long a refused upload's socket stays open for its client to read the 413. */
const LINGER_MS = 2_000;

/**
 * Answers 413 and stops taking the body: nothing more of it is kept. A client still sending when its
 * answer arrives must be able to read that answer, so the socket is not simply closed (unread data at
 * close makes the system reset the connection, and the client then sees a write error instead of
 * the 413): the answer goes out with `Connection: close`, the socket is half-closed, whatever the
 * client still sends is dropped, and the socket is destroyed when the client closes its side or
 * after LINGER_MS, whichever comes first (a "lingering close", as nginx does).
 */
function refuseTooLarge(req: http.IncomingMessage, res: http.ServerResponse, limit: number): void {
  const socket = req.socket;
  const linger = setTimeout(() => socket.destroy(), LINGER_MS);
  linger.unref();
  socket.once('close', () => clearTimeout(linger));
  // Node destroys a `Connection: close` socket as soon as the answer is written; end it instead.
  (socket as net.Socket & { destroySoon(): void }).destroySoon = () => socket.end();
  send(
    res,
    413,
    `The request is larger than this call accepts (${(limit / (1024 * 1024)).toFixed(1)} MB).`,
    undefined,
    {
      Connection: 'close',
    },
  );
}

export function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const codeTtlMs = options.codeTtlMs ?? ONE_TIME_CODE_TTL_MS;
  const sseClients = new Set<http.ServerResponse>();
  /** One-time code -> when it stops being good (ms since the epoch). */
  const codes = new Map<string, number>();
  let port = 0;
  const cookieName = () => `caliper_session_${port}`;

  function issueCode(): string {
    const code = randomBytes(32).toString('base64url');
    codes.set(code, Date.now() + codeTtlMs);
    for (const oldest of codes.keys()) {
      if (codes.size <= MAX_PENDING_CODES) break;
      codes.delete(oldest);
    }
    return code;
  }

  /** True once for a code given out within its time; the code is spent either way. */
  function redeemCode(given: string): boolean {
    for (const [code, expires] of codes) {
      if (sameToken(given, code)) {
        codes.delete(code);
        return Date.now() <= expires;
      }
    }
    return false;
  }

  const sessionCookie = () => `${cookieName()}=${token}; HttpOnly; SameSite=Strict; Path=/`;

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
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    } catch {
      return send(res, 400, 'Caliper cannot read this address.');
    }
    const headerToken = req.headers['x-caliper-token'];
    const queryToken = url.searchParams.get('token');
    const fromCookie = cookieToken(req.headers.cookie, cookieName());
    const isApi = url.pathname.startsWith('/api/');

    // A one-time code from a browser's command line: spent now, answered with the session cookie and
    // a redirect to the same page without the code.
    const code = url.searchParams.get('code');
    if (!isApi && code !== null && (req.method === 'GET' || req.method === 'HEAD')) {
      if (!redeemCode(code)) {
        return send(
          res,
          401,
          'This one-time address has been used or has expired: open the address Caliper printed when it started.',
        );
      }
      url.searchParams.delete('code');
      return send(res, 303, 'Signed in.', undefined, {
        Location: url.pathname + url.search,
        'Set-Cookie': sessionCookie(),
      });
    }

    // API calls must name the token themselves (header, or query for EventSource), so a cookie
    // alone can never drive the backend.
    const authorised = isApi
      ? sameToken(typeof headerToken === 'string' ? headerToken : null, token) ||
        ((url.pathname === '/api/events' || url.pathname === '/api/session') &&
          (sameToken(queryToken, token) || sameToken(fromCookie, token)))
      : sameToken(queryToken, token) || sameToken(fromCookie, token);
    if (!authorised) {
      send(res, 401, 'Caliper needs the access token printed when it started: open the full address it printed.');
      return;
    }

    // A page opened through a one-time code holds only the cookie: it asks for the token here. Only
    // a same-origin script can: the call must be a JSON POST (a form cannot send one, and another
    // origin's script needs a preflight this host never grants) and other origins are refused above.
    if (isApi && url.pathname === '/api/session') {
      if (req.method !== 'POST') return send(res, 405, 'Method not allowed', undefined, { Allow: 'POST' });
      if (!isJsonMediaType(req.headers['content-type'])) {
        return send(res, 415, 'Caliper API requests must be application/json.');
      }
      return send(res, 200, JSON.stringify({ token }), 'application/json; charset=utf-8');
    }

    if (isApi && url.pathname === '/api/events') {
      if (req.method !== 'GET') return send(res, 405, 'Method not allowed', undefined, { Allow: 'GET' });
      if (sseClients.size >= limits.maxEventStreams) {
        return send(res, 503, 'Caliper has too many pages open: close one and reload.');
      }
      // An event stream is quiet by design: it is not an idle client.
      req.socket.setTimeout(0);
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
    if (isApi) {
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        return send(res, 400, 'The channel name in the address is not valid percent-encoding.');
      }
      if (isBinaryUpload(req)) return serveBinaryUpload(options.router, req, res, channel, sessionOf(req));
      if (req.method !== 'POST') return send(res, 405, 'Method not allowed', undefined, { Allow: 'POST' });
      if (!isJsonMediaType(req.headers['content-type'])) {
        return send(res, 415, 'Caliper API requests must be application/json.');
      }
      const limit = bodyLimitFor(channel);
      let body: Buffer;
      try {
        body = await readBody(req, limit);
      } catch (error) {
        if (error instanceof BodyTooLarge) return refuseTooLarge(req, res, limit);
        // The client went away or ran out of time mid-body: nobody is left to answer.
        req.socket.destroy();
        return;
      }
      let request: unknown;
      try {
        request = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        const result = { ok: false, error: { code: 'validation', message: 'The request body is not valid JSON.' } };
        return send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
      }
      // The request is in: a long call (a large import) is work, not an idle client.
      req.socket.setTimeout(0);
      const result = await options.router.handle(channel, request, sessionOf(req));
      req.socket.setTimeout(limits.idleTimeoutMs);
      return send(res, 200, JSON.stringify(result), 'application/json; charset=utf-8');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'Method not allowed', undefined, { Allow: 'GET, HEAD' });
    const file = resolveStaticFile(options.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'Not found.');
    const content = readFileSync(file);
    const extra: http.OutgoingHttpHeaders = { 'X-Frame-Options': 'DENY' };
    if (queryToken) extra['Set-Cookie'] = sessionCookie();
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

  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    (req, res) => {
      handle(req, res).catch((error: unknown) => {
        process.stderr.write(`caliper host: ${error instanceof Error ? error.stack : String(error)}\n`);
        if (!res.headersSent) send(res, 500, 'Internal error.');
        else res.end();
      });
    },
  );
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.idleTimeoutMs, (socket) => socket.destroy());

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolve({
        url: `http://127.0.0.1:${port}/?token=${token}`,
        port,
        token,
        cookieName: cookieName(),
        oneTimeUrl: () => `http://127.0.0.1:${port}/?code=${issueCode()}`,
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
