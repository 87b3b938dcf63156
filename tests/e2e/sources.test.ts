// Sources as a reviewer meets them, in Chromium against the web host: import a RIS file through the
// preview, attach the sample article's PDF, highlight "23.5 ± 4.3" in the PDF, restart, and find the
// highlight on the same text; a damaged PDF is refused with its name; a new version of the PDF takes the highlight along;
// a record merged at import as another report of a study is shown in the reader with its own abstract.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePdf } from '../helpers/makePdf';
import { e2eSession, fixture } from './session';
import { selectText } from './select';

const session = e2eSession('sources', { width: 1400, height: 900 });

const studies = () => session.page.getByRole('listbox', { name: 'Studies' }).getByRole('option');
const pdfText = () => session.page.locator('.pdf-page[data-page="1"] .pdf-text');

describe('importing and reading sources', () => {
  it('imports a RIS file after a preview that lists its records', async () => {
    await session.page.goto(session.url);
    await session.page.getByRole('button', { name: 'File' }).click();
    await session.page.getByRole('menuitem', { name: 'New review…' }).click();
    await session.page.getByLabel('Review title').fill('Sources');
    await session.page.getByRole('button', { name: 'Create review' }).click();
    await expect.poll(() => session.page.locator('.app-title').textContent()).toBe('Sources');
    await session.page.getByRole('button', { name: 'New reviewer…' }).click();
    await session.page.getByLabel('Reviewer name').fill('Reviewer A');
    await session.page.getByRole('button', { name: 'Add reviewer' }).click();

    await session.page.getByRole('button', { name: 'Import…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Import references' });
    await dialog.getByLabel(/Reference file/).setInputFiles(fixture('references/seeds.ris'));
    await expect
      .poll(() => dialog.getByRole('status').first().textContent())
      .toMatch(/3 records \(ris.*\): 3 new, 0 likely duplicates, 0 bad/);
    await dialog.getByRole('button', { name: 'Import 3 records' }).click();
    await expect.poll(() => studies().count()).toBe(3);
    // The list can show the new studies a moment before the dialog closes with its summary.
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await session.page.getByRole('status').textContent()).toMatch(/Imported 3 studies from seeds\.ris/);
  });

  it('shows duplicates when the same studies come again as MEDLINE', async () => {
    await session.page.getByRole('button', { name: 'Import…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Import references' });
    await dialog.getByLabel(/Reference file/).setInputFiles(fixture('references/seeds.nbib'));
    const duplicates = dialog.getByRole('table', { name: 'Likely duplicates' });
    await expect.poll(() => duplicates.getByRole('row').count()).toBeGreaterThan(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => studies().count()).toBe(3);
  });

  it('attaches the sample article’s PDF and renders it with its text', async () => {
    await studies().filter({ hasText: 'end-stage inotrope-dependent' }).click();
    await session.page.getByLabel('PDF file to attach').setInputFiles(fixture('pdfs/crt-sample-article.pdf'));
    await expect
      .poll(() => session.page.getByRole('tab', { name: 'crt-sample-article.pdf' }).getAttribute('aria-selected'))
      .toBe('true');
    await expect.poll(() => pdfText().textContent(), { timeout: 20_000 }).toContain('23.5 ± 4.3%');
    expect(await session.page.locator('.page-input').textContent()).toMatch(/of 1$/);
  });

  it('highlights "23.5 ± 4.3" selected in the PDF', async () => {
    await selectText(pdfText(), '23.5 ± 4.3');
    await session.page.getByRole('button', { name: 'Highlight selection' }).click();
    await session.page.getByRole('tab', { name: /^Highlights/ }).click();
    const list = session.page.getByRole('region', { name: 'Highlights' });
    await expect.poll(() => list.getByRole('button', { name: 'Go to highlight “23.5 ± 4.3”' }).count()).toBe(1);
    expect(await list.textContent()).toContain('crt-sample-article.pdf, page 1');
    await expect.poll(() => session.page.locator('.pdf-box.hl').count()).toBeGreaterThan(0);
  });

  it('finds text in the PDF with a hit count', async () => {
    await session.page.getByRole('searchbox', { name: 'Find in document' }).fill('± 4');
    await expect.poll(() => session.page.locator('.hits').textContent()).toMatch(/^1 of [2-9]$/);
    await session.page.getByRole('searchbox', { name: 'Find in document' }).fill('');
  });

  it('refuses a PDF pdf.js cannot open with its name and attaches nothing', async () => {
    await session.page.getByLabel('PDF file to attach').setInputFiles(fixture('pdfs/broken/poppler-742-0-fuzzed.pdf'));
    await expect.poll(() => session.page.getByRole('alert').textContent()).toMatch(/poppler-742-0-fuzzed\.pdf/);
    expect(await session.page.getByRole('tablist', { name: 'Documents' }).getByRole('tab').count()).toBe(2);
  });

  it('attaches a PDF with an owner password only without asking for a password', async () => {
    await session.page.getByLabel('PDF file to attach').setInputFiles(fixture('pdfs/broken/empty_protected.pdf'));
    await expect
      .poll(() => session.page.getByRole('tab', { name: 'empty_protected.pdf' }).getAttribute('aria-selected'), {
        timeout: 20_000,
      })
      .toBe('true');
    expect(await session.page.getByRole('dialog', { name: 'PDF password' }).count()).toBe(0);
    await expect.poll(() => session.page.getByText(/owner password only/).count()).toBeGreaterThan(0);
    await expect
      .poll(() => session.page.getByRole('note').textContent())
      .toBe(
        'Page 1: no extractable text; the numbers cannot be selected. Type the values, or use another copy of the PDF.',
      );
  });

  it('imports PDFs as new studies after the reviewer confirms each match', async () => {
    await session.page.getByRole('button', { name: 'File' }).click();
    await session.page.getByRole('menuitem', { name: 'Import PDFs…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Import PDFs' });
    await dialog.getByLabel('PDF files').setInputFiles([fixture('pdfs/tracemonkey.pdf')]);
    const table = dialog.getByRole('table', { name: 'PDFs to import' });
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toContain('14 pages');
    expect(await dialog.getByLabel('Study for tracemonkey.pdf').inputValue()).toBe('new');
    await dialog.getByRole('button', { name: 'Import 1 PDF' }).click();
    await expect.poll(() => table.textContent(), { timeout: 20_000 }).toContain('imported');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => studies().count()).toBe(4);
  });

  it('finds ligature and hyphenated words in tracemonkey.pdf, the current hit on their characters', async () => {
    await studies().filter({ hasText: 'Trace-based' }).click();
    await expect.poll(() => pdfText().textContent(), { timeout: 20_000 }).toContain('Trace-based');
    const find = session.page.getByRole('searchbox', { name: 'Find in document' });
    await session.page.locator('.pdf-pages').click({ position: { x: 5, y: 5 } });
    await session.page.keyboard.press('Control+f');
    await expect.poll(() => find.evaluate((el) => el === document.activeElement)).toBe(true);
    /** Text of the text-layer spans under the current hit's boxes. */
    const underCurrent = () =>
      session.page.evaluate(() => {
        const boxes = [...document.querySelectorAll('.pdf-box.find-hit.current')].map((b) => b.getBoundingClientRect());
        if (boxes.length === 0) return '';
        const page = document.querySelector('.pdf-box.find-hit.current')!.closest('.pdf-page')!;
        const words: string[] = [];
        for (const span of page.querySelectorAll<HTMLElement>('.pdf-text span')) {
          const node = span.firstChild;
          if (!node) continue;
          for (let i = 0; i < (node.textContent ?? '').length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const r = range.getBoundingClientRect();
            const x = r.left + r.width / 2;
            const y = r.top + r.height / 2;
            if (boxes.some((b) => x >= b.left && x <= b.right && y >= b.top && y <= b.bottom))
              words.push(node.textContent![i]!);
          }
        }
        return words.join('');
      });
    await find.fill('beneficial');
    await expect.poll(() => session.page.locator('.hits').textContent(), { timeout: 20_000 }).toBe('1 of 1');
    await expect.poll(underCurrent, { timeout: 20_000 }).toBe('beneﬁcial');
    await find.fill('efficiently');
    await expect
      .poll(() => session.page.locator('.hits').textContent(), { timeout: 20_000 })
      .toMatch(/^1 of ([5-9]|\d\d)$/);
    // The first is hyphenated across a line end on page 1: "ef-" then "ﬁciently".
    await expect.poll(underCurrent, { timeout: 20_000 }).toBe('ef-ﬁciently');
    await session.page.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => session.page.locator('.hits').textContent()).toMatch(/^2 of /);
    await expect.poll(underCurrent, { timeout: 20_000 }).toBe('efﬁciently');
    expect(await session.page.locator('.pdf-box.find-hit.current').count()).toBeGreaterThan(0);
    await session.page.getByRole('button', { name: 'Previous match' }).click();
    await expect.poll(() => session.page.locator('.hits').textContent()).toMatch(/^1 of /);
    await find.fill('');
  });

  it('finds the highlight on the same text after a restart', async () => {
    await session.restart();
    await session.page.goto(session.url);
    await studies().filter({ hasText: 'end-stage inotrope-dependent' }).click();
    await session.page.getByRole('tab', { name: /^Highlights/ }).click();
    const list = session.page.getByRole('region', { name: 'Highlights' });
    await expect.poll(() => list.getByRole('button', { name: 'Go to highlight “23.5 ± 4.3”' }).count()).toBe(1);
    await list.getByRole('button', { name: 'Go to highlight “23.5 ± 4.3”' }).click();
    await expect.poll(() => pdfText().textContent(), { timeout: 20_000 }).toContain('23.5 ± 4.3%');
    await expect.poll(() => session.page.locator('.pdf-box.hl').count()).toBeGreaterThan(0);
    // The box sits over the highlighted words of the text layer.
    const box = await session.page.locator('.pdf-box.hl').first().boundingBox();
    const words = await session.page.evaluate(() => {
      const layer = document.querySelector('.pdf-page[data-page="1"] .pdf-text')!;
      const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf('23.5 ± 4.3');
        if (at !== -1) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 10);
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width };
        }
      }
      return null;
    });
    expect(words).not.toBeNull();
    expect(Math.abs(box!.x - words!.x)).toBeLessThan(2);
    expect(Math.abs(box!.y - words!.y)).toBeLessThan(2);
    expect(Math.abs(box!.width - words!.width)).toBeLessThan(2);
  });

  it('replaces the PDF with a new version and finds the highlight again in it', async () => {
    const v2 = path.join(session.dataDir, 'crt-sample-article-v2.pdf');
    writeFileSync(
      v2,
      makePdf({
        pages: [['Corrected version', 'LV ejection fraction increased (23.5 ± 4.3% to 32.0 ± 9.1%; p <0.05).']],
      }),
    );
    await session.page.getByLabel('New version of the PDF').setInputFiles(v2);
    await expect
      .poll(() => session.page.getByRole('status').textContent())
      .toMatch(/Replaced the PDF with crt-sample-article-v2\.pdf: 1 highlight found again\./);
    await expect
      .poll(() => session.page.getByRole('tab', { name: 'crt-sample-article-v2.pdf' }).getAttribute('aria-selected'))
      .toBe('true');
    expect(await session.page.getByRole('tab', { name: 'crt-sample-article.pdf' }).count()).toBe(0);
    await session.page.getByRole('tab', { name: /^Highlights/ }).click();
    const list = session.page.getByRole('region', { name: 'Highlights' });
    await expect.poll(() => list.textContent()).toContain('crt-sample-article-v2.pdf, page 1');
    await expect.poll(() => session.page.locator('.pdf-box.hl').count(), { timeout: 20_000 }).toBeGreaterThan(0);
  });
  it('shows every report of a study: a record merged at import, with its identifiers and its own abstract', async () => {
    const ris = path.join(session.dataDir, 'conference.ris');
    writeFileSync(
      ris,
      [
        'TY  - CONF',
        'TI  - Cardiac resynchronization therapy in patients with stage 4 chronic kidney disease',
        'AU  - Garcia, Lucia',
        'PY  - 2015',
        'T2  - Heart Rhythm Congress',
        'DO  - 10.5555/hrc.2015.417',
        'AB  - Conference abstract: of 73 patients with stage 4 CKD, 22 responded to CRT at six months.',
        'ER  - ',
        '',
      ].join('\n'),
    );
    const before = await studies().count();
    await session.page.getByRole('button', { name: 'Import…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Import references' });
    await dialog.getByLabel(/Reference file/).setInputFiles(ris);
    await expect.poll(() => dialog.getByRole('table', { name: 'Likely duplicates' }).count()).toBe(1);
    await dialog.getByLabel('Action for line 1').selectOption('merge');
    await dialog.getByRole('button', { name: /^Import 1 record/ }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    // Merged, not added: the study has one more report.
    expect(await studies().count()).toBe(before);

    await studies().filter({ hasText: 'stage 4 chronic kidney disease' }).click();
    const reader = session.page.getByRole('region', { name: 'Reader' });
    await reader.getByText('2 reports of this study').click();
    const reports = reader.getByRole('list', { name: 'Reports' }).getByRole('listitem');
    await expect.poll(() => reports.count()).toBe(2);
    expect(await reports.nth(0).textContent()).toMatch(/Journal article \(primary\)/);
    expect(await reports.nth(1).textContent()).toMatch(
      /Conference abstract.*Garcia, Lucia · Heart Rhythm Congress · 2015 · DOI 10\.5555\/hrc\.2015\.417/,
    );
    // Each report's abstract has its own tab.
    await reader.getByRole('tab', { name: 'Abstract', exact: true }).click();
    expect(await reader.getByRole('article', { name: 'Abstract' }).textContent()).toContain('This study evaluated 73');
    await reader.getByRole('tab', { name: 'Abstract (conference abstract 2015)' }).click();
    await expect
      .poll(() => reader.getByRole('article', { name: 'Abstract' }).textContent())
      .toContain('Conference abstract: of 73 patients with stage 4 CKD');
  });

  it('lists the first 500 new records and duplicates of a large file, and the rest on request, each duplicate decided', async () => {
    // 600 records, then the same 600 again: 600 new records and 600 duplicates of them.
    const n = 600;
    const record = (i: number) =>
      `TY  - JOUR\nTI  - Paged trial ${i} of pacing\nAU  - Pager, P\nPY  - 2011\nDO  - 10.5555/paged.${i}\nER  - \n`;
    const ris = path.join(session.dataDir, 'paged.ris');
    writeFileSync(ris, [...Array.from({ length: 2 * n }, (_, i) => record(i % n))].join('\n'));
    const before = await studies().count();
    await session.page.getByRole('button', { name: 'Import…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Import references' });
    await dialog.getByLabel(/Reference file/).setInputFiles(ris);
    await expect
      .poll(() => dialog.getByRole('status').first().textContent())
      .toMatch(/1,200 records \(ris.*\): 600 new, 600 likely duplicates, 0 bad/);
    expect(await dialog.getByRole('heading', { name: /^New records/ }).textContent()).toBe(
      'New records (600; the first 500 listed)',
    );
    const duplicates = dialog.getByRole('table', { name: 'Likely duplicates' }).locator('tbody').getByRole('row');
    expect(await duplicates.count()).toBe(500);
    await dialog.getByRole('button', { name: 'List more new records (100 not listed)' }).click();
    await expect
      .poll(() => dialog.getByRole('heading', { name: /^New records/ }).textContent())
      .toBe('New records (600)');
    await dialog.getByRole('button', { name: 'List more duplicates (100 not listed)' }).click();
    await expect.poll(() => duplicates.count()).toBe(600);
    expect(await dialog.getByRole('button', { name: /^List more/ }).count()).toBe(0);
    // The last duplicate came with the second page: record 1200, of 7 lines like each (with the blank
    // line after it), a duplicate of record 600. Merge it.
    const lineOf = (index: number) => 7 * index + 1;
    const lastLine = lineOf(2 * n - 1);
    expect(await duplicates.last().textContent()).toMatch(
      new RegExp(`^${lastLine}Paged trial ${n - 1} of pacing \\(2011\\)record on line ${lineOf(n - 1)} · same DOI`),
    );
    await dialog.getByLabel(`Action for line ${lastLine}`).selectOption('merge');
    await dialog.getByRole('button', { name: 'Import 601 records' }).click();
    await expect.poll(() => dialog.count(), { timeout: 20_000 }).toBe(0);
    expect(await session.page.getByRole('status').textContent()).toMatch(
      /Imported 600 studies from paged\.ris, merged 1 into existing studies, skipped 599 duplicates/,
    );
    // The study list is virtualised: its size is on each row.
    await expect.poll(() => studies().first().getAttribute('aria-setsize')).toBe(String(before + n));
  });
});
