// Find over a stored PDF through the router: tracemonkey.pdf's ligature and hyphenated words found,
// each hit an exact range of the stored page text; a newer search with the same searchId supersedes
// a running one; a missing PDF is not found.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PdfFindResult, PdfImportResult } from '../../shared/model/types';
import { testBackend } from '../helpers/temp';

const tracemonkey = readFileSync(fileURLToPath(new URL('../fixtures/pdfs/tracemonkey.pdf', import.meta.url)));

async function withPaper() {
  const t = testBackend();
  await t.call('review:create', { title: 'Find' });
  await t.call('reviewer:create', { name: 'A' });
  const imported = (await t.call('document:importPdf', {
    fileName: 'tracemonkey.pdf',
    contentBase64: tracemonkey.toString('base64'),
  })) as PdfImportResult;
  const sha256 = imported.document.sha256;
  const { pages } = (await t.call('document:pages', { sha256 })) as { pages: string[] };
  const find = (query: string, extra: Record<string, unknown> = {}) =>
    t.call('document:find', { sha256, query, ...extra }) as Promise<PdfFindResult>;
  const found = async (query: string) =>
    (await find(query)).hits.map((h) => ({ page: h.page, text: pages[h.page - 1]!.slice(h.start, h.end) }));
  return { t, sha256, pages, find, found };
}

describe('document:find', () => {
  it('finds words set with ligatures and words hyphenated at line ends, as the stored characters', async () => {
    const { found } = await withPaper();
    expect(await found('beneficial')).toEqual([{ page: expect.any(Number), text: 'beneﬁcial' }]);
    const efficiently = await found('efficiently');
    expect(efficiently).toContainEqual({ page: 1, text: 'ef-\nﬁciently' });
    expect(efficiently.filter((h) => h.text === 'efﬁciently')).toHaveLength(4);
    expect(await found('interpreter')).toContainEqual({ page: 2, text: 'in-\nterpreter' });
    expect((await found('compile'))[0]).toEqual({ page: 1, text: 'com-\npile' });
    expect(await found('Dynamic languages such as JavaScript are more difficult to compile')).toEqual([
      { page: 1, text: 'Dynamic languages such as JavaScript are more difﬁcult to com-\npile' },
    ]);
    expect(await found('no such phrase in the paper')).toEqual([]);
  });

  it('gives at most the hits asked for, saying there were more', async () => {
    const { find } = await withPaper();
    const all = await find('the');
    expect(all.hits.length).toBeGreaterThan(100);
    expect(all.truncated).toBe(false);
    const some = await find('the', { limit: 10 });
    expect(some.hits).toEqual(all.hits.slice(0, 10));
    expect(some.truncated).toBe(true);
  });

  it('ends a search when a newer one with the same searchId arrives', async () => {
    const { t, sha256, pages } = await withPaper();
    // A search gives way every 5 pages: the 14 pages give the second search its chance.
    expect(pages.length).toBeGreaterThan(10);
    const first = t.call('document:find', { sha256, query: 'trace', searchId: 'viewer-1' }) as Promise<PdfFindResult>;
    const second = t.call('document:find', { sha256, query: 'traces', searchId: 'viewer-1' }) as Promise<PdfFindResult>;
    const other = t.call('document:find', { sha256, query: 'trace', searchId: 'viewer-2' }) as Promise<PdfFindResult>;
    const [a, b, c] = await Promise.all([first, second, other]);
    expect(a).toMatchObject({ superseded: true, hits: [] });
    expect(b.superseded).toBe(false);
    expect(b.hits.length).toBeGreaterThan(0);
    expect(c.superseded).toBe(false);
    expect(c.hits.length).toBeGreaterThan(b.hits.length);
  });

  it('answers not_found for a PDF the review does not hold', async () => {
    const { t } = await withPaper();
    expect(await t.router.handle('document:find', { sha256: 'a'.repeat(64), query: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});
