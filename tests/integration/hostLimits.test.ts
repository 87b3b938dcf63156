// The web host under hostile or careless clients: bodies over a channel's limit refused as they
// arrive with a 413 the client receives, malformed addresses and media types answered 400/415, and
// slow, idle or too many connections closed instead of held.
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bodyLimitFor, DEFAULT_CONNECTION_LIMITS, isJsonMediaType } from '../../electron/host/requestLimits';
import { startHost, type HostOptions, type RunningHost } from '../../electron/host/server';
import { testBackend } from '../helpers/temp';

const hosts: RunningHost[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const h of hosts.splice(0)) await h.close();
});

async function host(limits?: HostOptions['limits']) {
  const t = testBackend();
  const rendererDir = path.join(t.dataDir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Caliper</title>');
  const running = await startHost({ backend: t.backend, router: t.router, rendererDir, limits });
  hosts.push(running);
  return running;
}

/**
 * Streams a body of `total` bytes in 1 MB chunks (chunked encoding, no length given), honouring
 * back-pressure, and stops sending as soon as an answer arrives. Resolves with the answer and how
 * much was sent by then.
 */
function upload(
  h: RunningHost,
  channel: string,
  total: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(
      {
        host: '127.0.0.1',
        port: h.port,
        method: 'POST',
        path: `/api/${channel}`,
        headers: {
          Host: `127.0.0.1:${h.port}`,
          'Content-Type': 'application/json',
          'X-Caliper-Token': h.token,
          ...headers,
        },
      },
      (res) => {
        answered = true;
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    if (headers['Content-Length']) req.flushHeaders();
    else pump();
  });
}

describe('web host request bodies', () => {
  it('refuses a body over its channel’s limit as it arrives, and the client receives the 413', async () => {
    const h = await host();
    const limit = bodyLimitFor('study:add');
    expect(limit).toBeLessThan(16 * 1024 * 1024);
    // 300 MB offered to a channel that takes an abstract of at most 5 MB.
    const answer = await upload(h, 'study:add', 300 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatch(/larger than this call accepts/);
    // Refused near the limit, not after reading everything.
    expect(answer.sent).toBeLessThan(limit + 64 * 1024 * 1024);
  });

  it('refuses a declared Content-Length over the limit before any of the body is sent', async () => {
    const h = await host();
    const answer = await upload(h, 'review:current', 0, { 'Content-Length': String(300 * 1024 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.sent).toBe(0);
  });

  it('still takes bodies within a channel’s limit on the same host', async () => {
    const h = await host();
    const res = await fetch(`http://127.0.0.1:${h.port}/api/review:create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Caliper-Token': h.token },
      body: JSON.stringify({ title: 'x'.repeat(1000) }),
    });
    expect(res.status).toBe(200);
    expect(bodyLimitFor('document:importPdf')).toBeGreaterThan((200 * 1024 * 1024 * 4) / 3);
  });
});

describe('web host addresses and media types', () => {
  it('answers 400 to a malformed % in a channel name, without logging a stack trace', async () => {
    const h = await host();
    const log = vi.spyOn(process.stderr, 'write');
    try {
      for (const channel of ['review%3', '%E0%A4%A', '%', 'study%zzadd']) {
        const res = await fetch(`http://127.0.0.1:${h.port}/api/${channel}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Caliper-Token': h.token },
          body: '{}',
        });
        expect(res.status, channel).toBe(400);
      }
      expect(log.mock.calls.map((c) => String(c[0])).join('')).not.toMatch(/URIError|\n\s+at /);
    } finally {
      log.mockRestore();
    }
  });

  it('takes application/json, with or without charset=utf-8, and nothing that only starts with it', async () => {
    const h = await host();
    const status = async (type: string) =>
      (
        await fetch(`http://127.0.0.1:${h.port}/api/review:current`, {
          method: 'POST',
          headers: { 'Content-Type': type, 'X-Caliper-Token': h.token },
          body: '{}',
        })
      ).status;
    for (const ok of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      expect(await status(ok), ok).toBe(200);
    }
    for (const refused of [
      'application/jsonp',
      'application/json-patch+json',
      'application/json; charset=latin1',
      'application/json, text/plain',
      'text/json',
    ]) {
      expect(await status(refused), refused).toBe(415);
    }
    expect(isJsonMediaType(undefined)).toBe(false);
  });
});

/** Resolves with how long the server took to close a socket it was given. */
function closedWithin(socket: net.Socket): Promise<number> {
  const start = Date.now();
  return new Promise((resolve) => {
    socket.on('close', () => resolve(Date.now() - start));
    socket.on('error', () => undefined);
    socket.resume();
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.on('error', reject);
    sockets.push(socket);
  });
}

describe('web host connections', () => {
  it('closes a client that never finishes its headers', async () => {
    const h = await host({ headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100, idleTimeoutMs: 5_000 });
    const socket = await connect(h.port);
    socket.write(`POST /api/review:current HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nX-Slow: `);
    const drip = setInterval(() => socket.write('a'), 50);
    try {
      expect(await closedWithin(socket)).toBeLessThan(3_000);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes a client that sends its body too slowly to finish in time', async () => {
    const h = await host({ headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100, idleTimeoutMs: 5_000 });
    const socket = await connect(h.port);
    socket.write(
      `POST /api/review:current HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nContent-Type: application/json\r\n` +
        `X-Caliper-Token: ${h.token}\r\nContent-Length: 1000\r\n\r\n{`,
    );
    const drip = setInterval(() => socket.write(' '), 50);
    try {
      expect(await closedWithin(socket)).toBeLessThan(3_000);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes an idle connection', async () => {
    const h = await host({ idleTimeoutMs: 300 });
    const socket = await connect(h.port);
    expect(await closedWithin(socket)).toBeLessThan(3_000);
  });

  it('answers a call that takes longer than the idle time (a long import is not an idle client)', async () => {
    const t = testBackend();
    const rendererDir = path.join(t.dataDir, 'renderer');
    mkdirSync(rendererDir);
    const slowRouter = {
      handle: async () => {
        await new Promise((r) => setTimeout(r, 800));
        return { ok: true as const, value: 'done' };
      },
    };
    const h = await startHost({ backend: t.backend, router: slowRouter, rendererDir, limits: { idleTimeoutMs: 200 } });
    hosts.push(h);
    const res = await fetch(`http://127.0.0.1:${h.port}/api/review:current`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Caliper-Token': h.token },
      body: '{}',
    });
    expect(await res.json()).toEqual({ ok: true, value: 'done' });
  });

  it('caps the connections open at once', async () => {
    const h = await host({ maxConnections: 4 });
    for (let i = 0; i < 4; i++) await connect(h.port);
    await new Promise((r) => setTimeout(r, 100));
    const extra = await connect(h.port);
    expect(await closedWithin(extra)).toBeLessThan(1_000);
  });

  it('has defaults that hold no slow client for minutes', () => {
    expect(DEFAULT_CONNECTION_LIMITS.headersTimeoutMs).toBeLessThanOrEqual(10_000);
    expect(DEFAULT_CONNECTION_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(60_000);
    expect(DEFAULT_CONNECTION_LIMITS.idleTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_CONNECTION_LIMITS.maxConnections).toBeLessThanOrEqual(100);
  });
});
