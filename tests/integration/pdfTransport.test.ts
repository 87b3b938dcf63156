// PDFs travel as bytes: the reader fetches a stored PDF by URL in ranges (web host GET /api/pdf/<sha256>
// under the token rules; electron/backend/pdfBytes.ts behind both it and app://), and the web host
// takes PDF uploads as binary bodies, refusing one over the limit by its declared length before
// reading it. document:get gives the URL, not the bytes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { pdfBytes, parseRange } from '../../electron/backend/pdfBytes';
import { startHost, type RunningHost } from '../../electron/host/server';
import type { PdfImportResult } from '../../shared/model/types';
import { testBackend } from '../helpers/temp';

const paper = readFileSync(fileURLToPath(new URL('../fixtures/pdfs/tracemonkey.pdf', import.meta.url)));

const hosts: RunningHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.close();
});

async function withPaper() {
  const t = testBackend();
  await t.call('review:create', { title: 'Bytes' });
  await t.call('reviewer:create', { name: 'A' });
  const imported = (await t.router.handle('document:importPdf', { fileName: 'tracemonkey.pdf', content: paper })) as {
    ok: true;
    value: PdfImportResult;
  };
  expect(imported.ok).toBe(true);
  return { ...t, sha256: imported.value.document.sha256 };
}

function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
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
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

async function collect(body: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(body)) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

describe('a stored PDF by URL and range', () => {
  it('document:get gives the URL and the pages without text, not the bytes', async () => {
    const t = await withPaper();
    const got = (await t.call('document:get', { sha256: t.sha256 })) as Record<string, unknown>;
    expect(got).toMatchObject({ url: `/api/pdf/${t.sha256}`, bytes: paper.length, pageCount: 14, unusablePages: [] });
    expect(got).not.toHaveProperty('contentBase64');
  });

  it('serves the whole file, a range, a suffix, and refuses ranges outside it', async () => {
    const t = await withPaper();
    const whole = await pdfBytes(t.backend, t.sha256, { method: 'GET' });
    expect(whole.status).toBe(200);
    expect((await collect(whole.body)).equals(paper)).toBe(true);
    const range = await pdfBytes(t.backend, t.sha256, { method: 'GET', range: 'bytes=1000-66535' });
    expect(range.status).toBe(206);
    expect(range.headers['Content-Range']).toBe(`bytes 1000-66535/${paper.length}`);
    expect((await collect(range.body)).equals(paper.subarray(1000, 66536))).toBe(true);
    const tail = await pdfBytes(t.backend, t.sha256, { method: 'GET', range: 'bytes=-100' });
    expect((await collect(tail.body)).equals(paper.subarray(paper.length - 100))).toBe(true);
    for (const bad of [`bytes=${paper.length}-`, 'bytes=5-1', 'bytes=0-1,5-9', 'items=0-1']) {
      expect((await pdfBytes(t.backend, t.sha256, { method: 'GET', range: bad })).status, bad).toBe(416);
    }
    expect((await pdfBytes(t.backend, 'a'.repeat(64), { method: 'GET' })).status).toBe(404);
    expect((await pdfBytes(t.backend, '../../etc/passwd', { method: 'GET' })).status).toBe(404);
    expect(parseRange('bytes=0-', 10)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=0-99', 10)).toEqual({ start: 0, end: 9 });
  });

  it('serves nothing once the review is closed', async () => {
    const t = await withPaper();
    await t.call('review:close', {});
    expect((await pdfBytes(t.backend, t.sha256, { method: 'GET', range: 'bytes=0-9' })).status).toBe(404);
  });
});

describe('the web host', () => {
  async function host() {
    const t = await withPaper();
    const rendererDir = path.join(t.dataDir, 'renderer');
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Caliper</title>');
    const running = await startHost({ backend: t.backend, router: t.router, rendererDir });
    hosts.push(running);
    return { ...t, host: running };
  }

  it('serves ranges of a stored PDF with the token header only', async () => {
    const { host: h, sha256 } = await host();
    const ok = await request(h.port, {
      path: `/api/pdf/${sha256}`,
      headers: { 'X-Caliper-Token': h.token, Range: 'bytes=0-1023' },
    });
    expect(ok.status).toBe(206);
    expect(ok.headers['accept-ranges']).toBe('bytes');
    expect(ok.body.equals(paper.subarray(0, 1024))).toBe(true);
    expect((await request(h.port, { path: `/api/pdf/${sha256}` })).status).toBe(401);
    const cookieOnly = await request(h.port, {
      path: `/api/pdf/${sha256}`,
      headers: { Cookie: `caliper_token=${h.token}` },
    });
    expect(cookieOnly.status).toBe(401);
  });

  it('takes a PDF upload as a binary body, and refuses one over the limit before reading it', async () => {
    const { host: h } = await host();
    const study = await request(h.port, {
      method: 'POST',
      path: '/api/study:add',
      headers: { 'X-Caliper-Token': h.token, 'Content-Type': 'application/json' },
      body: Buffer.from(JSON.stringify({ title: 'Trial', authors: [], abstract: '' })),
    });
    const studyId = (JSON.parse(study.body.toString()) as { value: { id: string } }).value.id;
    const sample = readFileSync(fileURLToPath(new URL('../fixtures/pdfs/crt-sample-article.pdf', import.meta.url)));
    const uploaded = await request(h.port, {
      method: 'POST',
      path: '/api/document:importPdf',
      headers: {
        'X-Caliper-Token': h.token,
        'Content-Type': 'application/pdf',
        'X-Caliper-Request': encodeURIComponent(JSON.stringify({ fileName: 'crt sample.pdf', studyId })),
        'Content-Length': String(sample.length),
      },
      body: sample,
    });
    const result = JSON.parse(uploaded.body.toString()) as { ok: boolean; value: PdfImportResult };
    expect(result.ok).toBe(true);
    expect(result.value).toMatchObject({ fileName: 'crt sample.pdf', attached: true, study: { id: studyId } });

    const tooLarge = await request(h.port, {
      method: 'POST',
      path: '/api/document:importPdf',
      headers: {
        'X-Caliper-Token': h.token,
        'Content-Type': 'application/pdf',
        'X-Caliper-Request': encodeURIComponent(JSON.stringify({ fileName: 'huge.pdf' })),
        'Content-Length': String(201 * 1024 * 1024),
      },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.toString()).toMatch(/limit is 200\.0 MB/);

    const withoutToken = await request(h.port, {
      method: 'POST',
      path: '/api/document:importPdf',
      headers: { 'Content-Type': 'application/pdf', 'Content-Length': String(sample.length) },
      body: sample,
    });
    expect(withoutToken.status).toBe(401);
  });

  it('takes a reference file as a binary body up to 256 MB, and a file only on the channels that take one', async () => {
    const { host: h } = await host();
    const post = (channel: string, fields: object, body: Buffer, length = body.length) =>
      request(h.port, {
        method: 'POST',
        path: `/api/${channel}`,
        headers: {
          'X-Caliper-Token': h.token,
          'Content-Type': 'application/octet-stream',
          'X-Caliper-Request': encodeURIComponent(JSON.stringify(fields)),
          'Content-Length': String(length),
        },
        body,
      });
    const ris = Buffer.from(
      'TY  - JOUR\nTI  - A trial of one thing\nPY  - 2001\nER  - \n\nTY  - JOUR\nTI  - Another\nER  - \n',
    );
    const previewed = await post('source:previewImport', { fileName: 'refs.ris' }, ris);
    expect(previewed.status).toBe(200);
    expect(JSON.parse(previewed.body.toString())).toMatchObject({
      ok: true,
      value: { fileName: 'refs.ris', format: 'ris', counts: { records: 2, new: 2 } },
    });

    const tooLarge = await post('source:previewImport', { fileName: 'huge.ris' }, Buffer.alloc(0), 257 * 1024 * 1024);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.toString()).toMatch(/The reference file is 257\.0 MB; the limit is 256\.0 MB/);

    const notAFileChannel = await post('study:add', { title: 'x', authors: [], abstract: '' }, ris);
    expect(notAFileChannel.status).toBe(415);
    expect(notAFileChannel.body.toString()).toMatch(/study:add does not take a file/);
  });
});
