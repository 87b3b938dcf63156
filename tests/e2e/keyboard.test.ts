// A whole study extracted from the keyboard, in Chromium against the web host and the sample review,
// with no mouse event at all: Tab to "New reviewer…", F6 to the study list and the reader, ] to the
// next recognised statistic, 1 to map it to the best-fitting target (the Age field for "55 +/- 13
// years", events and total of weaning from inotropes for "9 of 10", the LVEF change in % to both its
// timepoints before QRS duration in ms, kept as written: "32.0"), Ctrl+Z to undo a mapping (its highlight goes too) and Ctrl+Y to
// redo it, Ctrl+F to Find in a PDF, ] in the PDF, and ? for the list of shortcuts.
import { describe, expect, it } from 'vitest';
import { describeReading } from '../../shared/extraction/mapping';
import { recognise } from '../../shared/parse/recognise';
import { e2eSession, fixture } from './session';

const session = e2eSession('keyboard', { width: 1440, height: 900 });

const page = () => session.page;
const keys = (key: string) => page().keyboard.press(key);
const cell = (label: string) => page().getByRole('textbox', { name: label, exact: true });
const panel = () => page().getByRole('region', { name: 'Map selection' });
const firstTarget = () => panel().getByRole('button').first().textContent();
/** Highlights drawn in the abstract (one may be drawn in several pieces). */
const abstractHighlights = () =>
  page()
    .locator('article.abstract .hl')
    .evaluateAll((spans) => new Set(spans.map((s) => s.getAttribute('data-highlight-id'))).size);

/** Presses Tab until the focused element's name matches, as a reviewer tabbing through the header would. */
async function tabTo(name: RegExp): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await keys('Tab');
    const focused = await page().evaluate(
      () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '',
    );
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

/** What the reader's live regions last said (the abstract's and the PDF's), one entry each. */
const announcements = () => page().locator('.reader [aria-live="polite"].visually-hidden').allTextContents();

/**
 * Presses ] until the mapping panel reads the statistic (the abstract has others before it). Each press
 * waits for the reader to announce the statistic it moved to, then for the panel to show that
 * statistic's readings, so a panel still showing the one before is never taken for it.
 */
async function stepTo(reading: string): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 40; i++) {
    const before = await announcements();
    await keys(']');
    await expect.poll(async () => (await announcements()).join('|')).not.toBe(before.join('|'));
    const now = await announcements();
    const said = now.find((text, k) => text !== before[k]) ?? '';
    const stop = /^Statistic [^:]*: ([\s\S]*)$/.exec(said)?.[1];
    if (stop === undefined) break;
    const expected = recognise(stop)
      .filter((s) => s.kind !== 'ambiguous' && s.kind !== 'p_value')
      .map((s) => describeReading(s));
    await expect.poll(() => panel().locator('.reading strong').allTextContents()).toEqual(expected);
    const text = expected.join(' | ');
    if (text.includes(reading)) return;
    seen.push(text);
  }
  throw new Error(`] never reached ${reading}; it read ${seen.join(' / ')}`);
}

describe('extracting a study without the mouse', () => {
  it('creates a reviewer and opens the study from the keyboard', async () => {
    // Every mouse or pointer event the page sees is counted; the last test expects none.
    await page().addInitScript(() => {
      const w = window as unknown as { mouseEvents: number };
      w.mouseEvents = 0;
      for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick', 'contextmenu'])
        window.addEventListener(type, () => (w.mouseEvents += 1), true);
    });
    await page().goto(session.url);
    await expect.poll(() => page().getByRole('listbox', { name: 'Studies' }).count()).toBe(1);
    await tabTo(/^New reviewer…$/);
    await keys('Enter');
    await page().keyboard.type('Reviewer K');
    await keys('Enter');
    await expect.poll(() => page().getByRole('dialog').count()).toBe(0);

    await keys('F6');
    const selected = page().getByRole('listbox', { name: 'Studies' }).getByRole('option', { selected: true });
    for (let i = 0; i < 10 && !/end-stage inotrope-dependent/.test((await selected.textContent()) ?? ''); i++)
      await keys('ArrowDown');
    expect(await selected.textContent()).toMatch(/end-stage inotrope-dependent/);
    await expect.poll(() => page().getByRole('table', { name: 'LVEF' }).count()).toBe(1);
    await keys('F6');
    expect(await page().evaluate(() => document.activeElement?.closest('section')?.getAttribute('aria-label'))).toBe(
      'Reader',
    );
  });

  it('maps an age to the Age field with ] and 1', async () => {
    await stepTo('mean 55, SD 13, unit years');
    expect(await firstTarget()).toMatch(/^1 Age = 55 \+\/- 13 years$/);
    await keys('1');
    await expect.poll(() => cell('Age').inputValue()).toBe('55 +/- 13 years');
    await expect.poll(() => panel().count()).toBe(0);
  });

  it('offers "9 of 10" to events and total first, and maps it with 1', async () => {
    await stepTo('events 9, total 10');
    // ranked by fit: events and total of the proportion the sentence names, not a mean's n
    expect(await firstTarget()).toMatch(/^1 Weaning from inotropes, Follow-up, CRT: events, total$/);
    await keys('1');
    await expect.poll(() => cell('Weaning from inotropes, Follow-up, CRT, Events').inputValue()).toBe('9');
    expect(await cell('Weaning from inotropes, Follow-up, CRT, Total').inputValue()).toBe('10');
  });

  it('maps the LVEF change to both timepoints, keeping "32.0" as written', async () => {
    await stepTo('before mean 23.5 SD 4.3, after mean 32 SD 9.1, unit %');
    // the outcome in % first; QRS duration in ms is offered last, marked as in another unit
    expect(await firstTarget()).toMatch(/^1 LVEF, Baseline → Follow-up, CRT: mean, SD$/);
    expect(await panel().textContent()).toContain('(QRS duration is in ms, the reading in %)');
    const before = await abstractHighlights();
    await keys('1');
    await expect.poll(() => cell('LVEF, Follow-up, CRT, Mean').inputValue()).toBe('32.0');
    expect(await cell('LVEF, Follow-up, CRT, SD').inputValue()).toBe('9.1');
    expect(await cell('LVEF, Baseline, CRT, Mean').inputValue()).toBe('23.5');
    await expect.poll(() => abstractHighlights()).toBeGreaterThan(before);
  });

  it('undoes the mapping with Ctrl+Z, highlight and all, and redoes it with Ctrl+Y', async () => {
    const withMapping = await abstractHighlights();
    await keys('Control+z');
    await expect.poll(() => cell('LVEF, Follow-up, CRT, Mean').inputValue()).toBe('');
    await expect.poll(() => abstractHighlights()).toBe(withMapping - 1);
    await keys('Control+y');
    await expect.poll(() => cell('LVEF, Follow-up, CRT, Mean').inputValue()).toBe('32.0');
    await expect.poll(() => abstractHighlights()).toBe(withMapping);
  });

  it('finds in a PDF with Ctrl+F and steps to its statistics with ]', async () => {
    await page().getByLabel('PDF file to attach').setInputFiles(fixture('pdfs/crt-sample-article.pdf'));
    const layer = page().locator('.pdf-page[data-page="1"] .pdf-text');
    await expect.poll(() => layer.textContent(), { timeout: 20_000 }).toContain('23.5 ± 4.3%');
    await keys('Control+f');
    expect(await page().evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Find in document');
    await keys('Escape');
    await keys('F6');
    await stepTo('before mean 23.5 SD 4.3, after mean 32 SD 9.1, unit %');
    expect(await firstTarget()).toMatch(/^1 LVEF, Baseline → Follow-up, CRT: mean, SD$/);
    expect(await page().evaluate(() => window.getSelection()?.toString())).toMatch(/23\.5 ± 4\.3% to 32\.0 ± 9\.1%/);
    // each statistic once: stepping on reaches the next one, not the same again
    const here = await panel().locator('.reading').textContent();
    await keys(']');
    await expect.poll(() => panel().locator('.reading').textContent()).not.toBe(here);
    await keys('Escape');
    await expect.poll(() => panel().count()).toBe(0);
  });

  it('moves between the document tabs with the arrow keys', async () => {
    const tab = (name: string) => page().getByRole('tab', { name });
    await tab('crt-sample-article.pdf').focus();
    await keys('ArrowLeft');
    await expect.poll(() => tab('Abstract').getAttribute('aria-selected')).toBe('true');
    expect(await page().evaluate(() => document.activeElement?.textContent)).toBe('Abstract');
    expect(await page().getByRole('tabpanel', { name: 'Abstract' }).count()).toBe(1);
    await keys('End');
    await expect.poll(() => tab('crt-sample-article.pdf').getAttribute('aria-selected')).toBe('true');
  });

  it('lists the shortcuts with ?, and no mouse event happened', async () => {
    await keys('?');
    const dialog = page().getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => dialog.count()).toBe(1);
    // the PDF just shown registers its keys as it opens
    for (const expected of [
      'Select the next recognised statistic',
      'Find in the PDF',
      'Undo in this study’s extraction',
    ])
      await expect.poll(() => dialog.textContent()).toContain(expected);
    expect(await dialog.textContent()).not.toContain('conflict');
    await keys('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page().evaluate(() => (window as unknown as { mouseEvents: number }).mouseEvents)).toBe(0);
  });
});
