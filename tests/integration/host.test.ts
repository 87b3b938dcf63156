// The web host: 127.0.0.1 only, the per-start token on every request, its own Host and Origin only,
// nothing outside the renderer build, and the same router as the desktop app.
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../electron/host/server';
import { testBackend } from '../helpers/temp';

const hosts: RunningHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function host(options: { codeTtlMs?: number } = {}) {
  const t = testBackend();
  const rendererDir = path.join(t.dataDir, 'renderer');
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Caliper</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(t.dataDir, 'secret.txt'), 'secret');
  const running = await startHost({ backend: t.backend, router: t.router, rendererDir, ...options });
  hosts.push(running);
  return { ...t, host: running };
}

/** A raw request, so tests can send any Host header or path. */
function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

describe('web host', () => {
  it('listens on 127.0.0.1 only and prints an address with the token', async () => {
    const { host: h } = await host();
    expect(h.url).toBe(`http://127.0.0.1:${h.port}/?token=${h.token}`);
    expect(h.token.length).toBeGreaterThanOrEqual(40);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    if (external) {
      await expect(
        new Promise((resolve, reject) => {
          const req = http.get({ host: external.address, port: h.port, path: `/?token=${h.token}` }, resolve);
          req.on('error', reject);
        }),
      ).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it('serves the page with the token and sets an HttpOnly SameSite cookie and the CSP', async () => {
    const { host: h } = await host();
    const res = await request(h.port, { path: `/?token=${h.token}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>Caliper</title>');
    expect(res.headers['set-cookie']?.[0]).toMatch(/HttpOnly; SameSite=Strict/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toMatch(/unsafe-eval|unsafe-inline|https?:/);
    const asset = await request(h.port, { path: '/assets/app.js', headers: { Cookie: `${h.cookieName}=${h.token}` } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses requests without the token or with a wrong one', async () => {
    const { host: h } = await host();
    expect((await request(h.port, { path: '/' })).status).toBe(401);
    expect((await request(h.port, { path: '/?token=wrong' })).status).toBe(401);
    expect(
      (await request(h.port, { path: '/assets/app.js', headers: { Cookie: `${h.cookieName}=wrong` } })).status,
    ).toBe(401);
    const api = await request(h.port, {
      method: 'POST',
      path: '/api/review:current',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(api.status).toBe(401);
    // A cookie alone does not drive the API: calls must name the token themselves.
    const cookieOnly = await request(h.port, {
      method: 'POST',
      path: '/api/review:current',
      headers: { 'Content-Type': 'application/json', Cookie: `${h.cookieName}=${h.token}` },
      body: '{}',
    });
    expect(cookieOnly.status).toBe(401);
  });

  it('refuses a Host header that is not its own (DNS rebinding)', async () => {
    const { host: h } = await host();
    for (const hostHeader of ['evil.example', `evil.example:${h.port}`, `127.0.0.1:${h.port + 1}`]) {
      const res = await request(h.port, { path: `/?token=${h.token}`, headers: { Host: hostHeader } });
      expect(res.status, hostHeader).toBe(403);
    }
    expect(
      (await request(h.port, { path: `/?token=${h.token}`, headers: { Host: `localhost:${h.port}` } })).status,
    ).toBe(200);
  });

  it('refuses requests from another origin', async () => {
    const { host: h } = await host();
    const res = await request(h.port, {
      method: 'POST',
      path: '/api/review:current',
      headers: { 'Content-Type': 'application/json', 'X-Caliper-Token': h.token, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    const own = await request(h.port, {
      method: 'POST',
      path: '/api/review:current',
      headers: { 'Content-Type': 'application/json', 'X-Caliper-Token': h.token, Origin: `http://127.0.0.1:${h.port}` },
      body: '{}',
    });
    expect(JSON.parse(own.body)).toEqual({ ok: true, value: null });
  });

  it('serves nothing outside the renderer build', async () => {
    const { host: h } = await host();
    const cookie = { Cookie: `${h.cookieName}=${h.token}` };
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e%5csecret.txt',
      '/assets/%00x',
      '/nope.html',
    ]) {
      const res = await request(h.port, { path: p, headers: cookie });
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('secret');
    }
  });

  it('answers API calls through the router, with validation errors as results', async () => {
    const { host: h } = await host();
    const call = async (channel: string, body: string) =>
      JSON.parse(
        (
          await request(h.port, {
            method: 'POST',
            path: `/api/${channel}`,
            headers: { 'Content-Type': 'application/json', 'X-Caliper-Token': h.token },
            body,
          })
        ).body,
      ) as unknown;
    expect(await call('review:create', JSON.stringify({ title: 'Via HTTP' }))).toMatchObject({
      ok: true,
      value: { title: 'Via HTTP' },
    });
    expect(await call('study:add', '{"title": 1}')).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await call('study:add', '{not json')).toMatchObject({
      ok: false,
      error: { code: 'validation', message: /not valid JSON/ },
    });
    expect(await call('nope', '{}')).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    const wrongType = await request(h.port, {
      method: 'POST',
      path: '/api/review:current',
      headers: { 'X-Caliper-Token': h.token, 'Content-Type': 'text/plain' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
  });

  it('pushes backend events to Server-Sent Events subscribers', async () => {
    const { host: h, call } = await host();
    const received = new Promise<string>((resolve, reject) => {
      const req = http.get(
        {
          host: '127.0.0.1',
          port: h.port,
          path: `/api/events?token=${h.token}`,
          headers: { Host: `127.0.0.1:${h.port}` },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
            if (text.includes('event: review:changed')) {
              req.destroy();
              resolve(text);
            }
          });
        },
      );
      req.on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 50));
    await call('review:create', { title: 'Evented' });
    expect(await received).toMatch(/event: review:changed\ndata: \{"review":\{.*"title":"Evented"/);
  });

  it('names its cookie for its port, so a server on another 127.0.0.1 port never receives it', async () => {
    const { host: h } = await host();
    expect(h.cookieName).toBe(`caliper_session_${h.port}`);
    const res = await request(h.port, { path: `/?token=${h.token}` });
    expect(res.headers['set-cookie']?.[0]).toMatch(new RegExp(`^caliper_session_${h.port}=`));
    // The token under any other name (the old shared name, another port's) opens nothing.
    for (const name of ['caliper_token', `caliper_session_${h.port + 1}`]) {
      const other = await request(h.port, { path: '/', headers: { Cookie: `${name}=${h.token}` } });
      expect(other.status, name).toBe(401);
    }
  });

  it('exchanges a one-time code, once, for the session cookie, and the page then gets its token', async () => {
    const { host: h } = await host();
    const address = new URL(h.oneTimeUrl());
    expect(address.href).not.toContain(h.token);
    expect(address.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const first = await request(h.port, { path: address.pathname + address.search });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = first.headers['set-cookie']![0]!.split(';')[0]!;
    expect(cookie).toBe(`${h.cookieName}=${h.token}`);
    expect(first.headers['set-cookie']![0]).toMatch(/HttpOnly; SameSite=Strict/);
    // Spent: the same address is refused the second time.
    expect((await request(h.port, { path: address.pathname + address.search })).status).toBe(401);
    // The page loads with the cookie and asks for the token with a same-origin JSON call.
    expect((await request(h.port, { path: '/', headers: { Cookie: cookie } })).status).toBe(200);
    const session = await request(h.port, {
      method: 'POST',
      path: '/api/session',
      headers: { Cookie: cookie, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(JSON.parse(session.body)).toEqual({ token: h.token });
    // Without the cookie, from another origin, or as a form post, it gives nothing.
    const refused: [Record<string, string>, number][] = [
      [{ 'Content-Type': 'application/json' }, 401],
      [{ Cookie: cookie, 'Content-Type': 'application/json', Origin: 'http://127.0.0.1:1' }, 403],
      [{ Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, 415],
    ];
    for (const [headers, status] of refused) {
      const res = await request(h.port, { method: 'POST', path: '/api/session', headers, body: '{}' });
      expect(res.status, JSON.stringify(headers)).toBe(status);
      expect(res.body).not.toContain(h.token);
    }
  });

  it('refuses a one-time code after its time, and codes it never gave', async () => {
    const { host: h } = await host({ codeTtlMs: 50 });
    const address = new URL(h.oneTimeUrl());
    await new Promise((r) => setTimeout(r, 120));
    expect((await request(h.port, { path: address.pathname + address.search })).status).toBe(401);
    expect((await request(h.port, { path: '/?code=made-up' })).status).toBe(401);
    expect((await request(h.port, { path: `/?code=${h.token}` })).status).toBe(401);
  });
});
