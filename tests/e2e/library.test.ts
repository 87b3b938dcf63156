// A large library in Chromium: 3,000 studies shown as a virtualised listbox (only the rows in view
// in the page, each option knowing its place in the whole list), the keyboard reaching every study,
// filtering and sorting in the page, and a status change updating its one row from the event, with
// no reload of the list.
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend';
import { writeTransaction } from '../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../electron/backend/db/repositories/studies';
import { createRouter } from '../../electron/backend/router';
import { e2eSession } from './session';

const STUDIES = 3_000;
const session = e2eSession('library');
const list = () => session.page.getByRole('listbox', { name: 'Studies' });
const options = () => list().getByRole('option');
const selected = () => list().locator('[role="option"][aria-selected="true"]');
const author = (i: number) => `Author${String(i).padStart(4, '0')}`;

/** A review file of 3,000 studies, written by a backend of its own before the page opens it. */
async function largeReview(file: string): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-e2e-library-maker-'));
  const backend = new Backend({ dataDir, host: 'web' });
  try {
    const created = await createRouter(backend, () => undefined).handle('review:create', {
      title: 'Three thousand studies',
      path: file,
    });
    if (!created.ok) throw new Error(created.error.message);
    const { db } = backend.requireReview();
    writeTransaction(db, null, (audit, now) => {
      for (let i = 0; i < STUDIES; i++)
        insertStudy(db, audit, now, {
          title: `Trial ${i}`,
          authors: [`${author(i)}, A.`],
          year: 2000 + (i % 20),
          journal: null,
          abstract: `Study ${i}.`,
        });
    });
  } finally {
    backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('a library of 3,000 studies', () => {
  it('puts only the rows in view in the page, and the keyboard reaches every study', async () => {
    const file = path.join(session.dataDir, 'large.caliper');
    await largeReview(file);
    await session.page.goto(session.url);
    await session.page.getByRole('button', { name: 'File' }).click();
    await session.page.getByRole('menuitem', { name: 'Open review…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Open review' });
    await dialog.getByLabel('Review file path').fill(file);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect.poll(() => session.page.locator('.library-count').textContent()).toBe('3000 studies');
    const inPage = await options().count();
    expect(inPage).toBeGreaterThan(10);
    expect(inPage).toBeLessThan(100);

    await list().focus();
    await session.page.keyboard.press('End');
    await expect.poll(() => selected().textContent()).toContain(author(STUDIES - 1));
    expect(await selected().getAttribute('aria-posinset')).toBe(String(STUDIES));
    expect(await selected().getAttribute('aria-setsize')).toBe(String(STUDIES));
    expect(await list().getAttribute('aria-activedescendant')).toBe(await selected().getAttribute('id'));
    await expect.poll(() => session.page.locator('.reader h2').textContent()).toBe(`Trial ${STUDIES - 1}`);
    await session.page.keyboard.press('Home');
    await expect.poll(() => selected().textContent()).toContain(author(0));
    await session.page.keyboard.press('PageDown');
    await expect.poll(() => selected().textContent()).toContain(author(10));
    await session.page.keyboard.press('ArrowDown');
    await expect.poll(() => selected().textContent()).toContain(author(11));
    await session.page.keyboard.press('PageUp');
    await expect.poll(() => selected().textContent()).toContain(author(1));
  });

  it('filters and sorts in the page', async () => {
    const filter = session.page.getByRole('searchbox', { name: 'Filter studies' });
    await filter.fill('author29');
    // Author2900 to Author2999 (the filter ignores case).
    await expect.poll(() => session.page.locator('.library-count').textContent()).toBe('100 matching “author29”');
    await filter.fill('');
    await expect.poll(() => session.page.locator('.library-count').textContent()).toBe('3000 studies');

    // The list keeps the selected study in view; Home goes to the top of the new order.
    const sortThenHome = async () => {
      await session.page.getByRole('button', { name: 'Sort by year' }).click();
      await list().focus();
      await session.page.keyboard.press('Home');
    };
    await sortThenHome();
    await expect.poll(() => selected().locator('.year').textContent()).toBe('2000');
    expect(await selected().getAttribute('aria-posinset')).toBe('1');
    await sortThenHome();
    await expect.poll(() => selected().locator('.year').textContent()).toBe('2019');
    // Ties keep the library's order: the first study of 2019 by author.
    expect(await selected().locator('.author').textContent()).toBe(author(19));
    await sortThenHome();
    await expect.poll(() => selected().locator('.author').textContent()).toBe(author(0));
  });

  it('updates the one row whose status changed, without listing the library again', async () => {
    await session.page.getByRole('button', { name: 'New reviewer…' }).click();
    await session.page.getByLabel('Reviewer name').fill('Reviewer A');
    await session.page.getByRole('button', { name: 'Add reviewer' }).click();
    await expect.poll(() => session.page.getByRole('combobox', { name: 'Extraction status' }).count()).toBe(1);
    const id = (await selected().getAttribute('id'))!.replace(/^study-/, '');

    const listRequests: string[] = [];
    const record = (request: { url(): string; postData(): string | null }) => {
      if (request.url().includes('/api/study:list')) listRequests.push(request.postData() ?? '');
    };
    session.page.on('request', record);
    try {
      await session.page.getByRole('combobox', { name: 'Extraction status' }).selectOption('complete');
      await expect.poll(() => selected().locator('.status').textContent()).toBe('Complete');
      expect(listRequests.map((body) => JSON.parse(body) as unknown)).toEqual([{ ids: [id] }]);
    } finally {
      session.page.off('request', record);
    }
  });
});
