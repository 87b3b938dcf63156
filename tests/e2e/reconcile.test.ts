// Dual extraction and reconciliation as two reviewers do it on one machine: two tabs on one host, A
// (with a passcode) and B extract the sample review's first study differently — some values mapped
// from the abstract, some typed — and mark it complete; B never sees A's highlights while extracting;
// then B reconciles by keyboard, the consensus survives a restart, and an edit after consensus shows
// the cell as reopened. Then B sets and changes a passcode (A's tab needs the new one to become B),
// changes the review's reconcile settings (pair, tolerance, automatic agreement) from the view, and
// decides cells with values converted or mapped from a highlight at reconciliation.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { selectText } from './select';
import { e2eSession } from './session';

const session = e2eSession('reconcile', { width: 1500, height: 950 });
/** The machine is shared and passcodes are hashed on purpose slowly: give each wait room. */
const SLOW = { timeout: 20_000 };
let pageB: Page;

const STUDY = 'end-stage inotrope-dependent';

/**
 * The highlights the sample review ships on this study: the sources of its consensus values, owned by
 * no reviewer, so every reviewer sees them.
 */
const SAMPLE_HIGHLIGHTS = new Set(
  (
    JSON.parse(
      readFileSync(new URL('../../electron/backend/sample/sample-analyses.json', import.meta.url), 'utf8'),
    ) as { consensus: { study: string; values: { quote: string }[] }[] }
  ).consensus
    .filter((entry) => entry.study.includes(STUDY))
    .flatMap((entry) => entry.values.map((v) => v.quote)),
).size;
const highlightCount = (own: number) => `Highlights (${SAMPLE_HIGHLIGHTS + own})`;
const studies = (page: Page) => page.getByRole('listbox', { name: 'Studies' }).getByRole('option');
const cell = (page: Page, label: string) => page.getByRole('textbox', { name: label, exact: true });
const mapping = (page: Page) => page.getByRole('region', { name: 'Map selection' });

async function newReviewer(page: Page, name: string, passcode?: string) {
  await page.getByRole('button', { name: 'New reviewer…' }).click();
  await page.getByLabel('Reviewer name').fill(name);
  if (passcode) await page.getByLabel('Passcode (optional)').fill(passcode);
  await page.getByRole('button', { name: 'Add reviewer' }).click();
  await expect.poll(() => page.getByRole('combobox', { name: 'Current reviewer' }).inputValue(), SLOW).not.toBe('');
}

async function mapWeaning(page: Page) {
  await page.getByRole('tab', { name: 'Abstract' }).click();
  await selectText(page.getByRole('article', { name: 'Abstract' }), '9 of 10');
  await mapping(page)
    .getByRole('button', { name: /Weaning from inotropes, Follow-up, CRT: events, total/ })
    .click();
  await expect.poll(() => cell(page, 'Weaning from inotropes, Follow-up, CRT, Events').inputValue(), SLOW).toBe('9');
}

/** Types a value and leaves the cell; numbers come back as typed (32.0 stays 32.0; the number stored is 32). */
async function type(page: Page, label: string, value: string, stored = value) {
  const box = cell(page, label);
  await box.fill(value);
  await box.press('Enter');
  await expect.poll(() => box.inputValue(), SLOW).toBe(stored);
}

async function complete(page: Page) {
  await page.getByRole('combobox', { name: 'Extraction status' }).selectOption('complete');
  await expect
    .poll(() => page.getByRole('combobox', { name: 'Extraction status' }).inputValue(), SLOW)
    .toBe('complete');
}

const highlightsTab = (page: Page) => page.getByRole('tab', { name: /^Highlights/ });

describe('two reviewers, then reconciliation', () => {
  it('A extracts the first study: one value mapped from the abstract, others typed', async () => {
    const a = session.page;
    await a.goto(session.url);
    await newReviewer(a, 'Ana', 'ana-secret');
    await studies(a).filter({ hasText: STUDY }).click();
    await mapWeaning(a);
    await type(a, 'Country', 'Spain');
    await type(a, 'LVEF, Follow-up, CRT, Mean', '32.0');
    await complete(a);
    await expect.poll(() => highlightsTab(a).textContent(), SLOW).toBe(highlightCount(1));
  });

  it('B, in another tab, starts as nobody, cannot become A without the passcode, and never sees A’s highlights', async () => {
    pageB = await session.newPage();
    const b = pageB;
    await b.goto(session.url);
    expect(await b.getByRole('combobox', { name: 'Current reviewer' }).inputValue()).toBe('');
    // Choosing Ana asks for her passcode; a wrong one is refused.
    await b.getByRole('combobox', { name: 'Current reviewer' }).selectOption({ label: 'Ana' });
    const prompt = b.getByRole('dialog', { name: 'Switch to Ana' });
    await prompt.getByLabel('Ana’s passcode').fill('guess');
    await prompt.getByRole('button', { name: 'Switch' }).click();
    await expect.poll(() => prompt.getByRole('alert').textContent(), SLOW).toMatch(/not Ana’s passcode/);
    await prompt.getByRole('button', { name: 'Cancel' }).click();
    await newReviewer(b, 'Ben');
    await studies(b).filter({ hasText: STUDY }).click();
    await expect.poll(() => highlightsTab(b).textContent(), SLOW).toBe(highlightCount(0));
    expect(await b.locator('[data-highlight-id]').count()).toBe(SAMPLE_HIGHLIGHTS);
    await mapWeaning(b);
    await type(b, 'Country', 'France');
    await type(b, 'LVEF, Follow-up, CRT, Mean', '32');
    await expect.poll(() => highlightsTab(b).textContent(), SLOW).toBe(highlightCount(1));
    await complete(b);
    // The library shows both reviewers' statuses and that the study is ready.
    const row = studies(b).filter({ hasText: STUDY });
    await expect.poll(() => row.locator('.reconcile-status').textContent(), SLOW).toMatch(/Ana ✓ · Ben ✓.*1 to decide/);
  });

  it('B reconciles by keyboard: the difference with both sources, decided with one key', async () => {
    const b = pageB;
    await b.getByRole('tab', { name: 'Reconcile' }).click();
    const view = b.getByLabel('Reconcile', { exact: true });
    await expect.poll(() => view.locator('.reconcile-summary').textContent(), SLOW).toMatch(/^1 to decide\./);
    // Agreements (the mapped 9 of 10, 32.0 = 32) were taken in; the country differs.
    const country = view.locator('.reconcile-table tr', {
      has: b.getByRole('rowheader', { name: 'Country', exact: true }),
    });
    expect(await country.textContent()).toMatch(/Differ.*Spain.*typed.*France.*typed/);
    const weaning = view.locator('.reconcile-table tr', {
      has: b.getByRole('rowheader', { name: 'Weaning from inotropes, Follow-up, CRT, events' }),
    });
    expect(await weaning.textContent()).toMatch(/Agree.*9 of 10.*9 of 10.*\(agreed\)/);
    // The source link opens the reader at A's highlight, which B now sees.
    await weaning.getByRole('button', { name: 'Show Ana’s source in the reader' }).click();
    await expect.poll(() => highlightsTab(b).textContent(), SLOW).toBe(highlightCount(2));
    await view.getByLabel('Note for the next decision').fill('Methods: Spanish centres');
    await view.focus();
    await b.keyboard.press('n');
    await b.keyboard.press('a');
    await expect.poll(() => view.locator('.reconcile-summary').textContent(), SLOW).toMatch(/^Consensus complete\./);
    expect(await country.textContent()).toMatch(/Spain \(Ana’s\) — Methods: Spanish centres/);
    await expect
      .poll(() => studies(b).filter({ hasText: STUDY }).locator('.reconcile-status').textContent())
      .toContain('Consensus complete');
  });

  it('keeps the consensus across a restart, and shows an edit after consensus as reopened', async () => {
    await session.restart();
    const b = pageB;
    await b.goto(session.url);
    // A new session after the restart starts as Ben (the last chosen, without a passcode).
    await expect.poll(() => b.getByRole('combobox', { name: 'Current reviewer' }).inputValue(), SLOW).not.toBe('');
    await studies(b).filter({ hasText: STUDY }).click();
    await b.getByRole('tab', { name: 'Reconcile' }).click();
    const view = b.getByLabel('Reconcile', { exact: true });
    await expect.poll(() => view.locator('.reconcile-summary').textContent(), SLOW).toMatch(/^Consensus complete\./);
    await b.getByRole('tab', { name: 'Form' }).click();
    await type(b, 'Country', 'Portugal');
    await b.getByRole('tab', { name: 'Reconcile' }).click();
    await expect.poll(() => view.locator('.reconcile-summary').textContent(), SLOW).toMatch(/^1 to decide\./);
    const country = view.locator('.reconcile-table tr', {
      has: b.getByRole('rowheader', { name: 'Country', exact: true }),
    });
    expect(await country.textContent()).toMatch(/Reopened.*Spain.*Portugal.*Spain \(Ana’s\)/);
  });
  it('B sets, then changes, a passcode; another tab needs the new one to become Ben', async () => {
    const b = pageB;
    await b.getByRole('button', { name: 'Passcode…' }).click();
    const set = b.getByRole('dialog', { name: 'Set Ben’s passcode' });
    await set.getByLabel('New passcode', { exact: true }).fill('ben-first');
    await set.getByLabel('New passcode again').fill('ben-first');
    await set.getByRole('button', { name: 'Set passcode' }).click();
    await expect.poll(() => b.locator('.notice').textContent(), SLOW).toContain('Ben’s passcode is set.');
    await b.getByRole('button', { name: 'Dismiss message' }).click();

    await b.getByRole('button', { name: 'Passcode…' }).click();
    const change = b.getByRole('dialog', { name: 'Change Ben’s passcode' });
    await change.getByLabel('Current passcode').fill('not-it');
    await change.getByLabel('New passcode', { exact: true }).fill('ben-second');
    await change.getByLabel('New passcode again').fill('ben-second');
    await change.getByRole('button', { name: 'Change passcode' }).click();
    await expect.poll(() => change.getByRole('alert').textContent(), SLOW).toBe('That is not your current passcode.');
    await change.getByLabel('Current passcode').fill('ben-first');
    await change.getByRole('button', { name: 'Change passcode' }).click();
    await expect.poll(() => b.locator('.notice').textContent(), SLOW).toContain('Ben’s passcode is set.');
    expect(await change.count()).toBe(0);

    const a = session.page;
    await a.goto(session.url);
    await a.getByRole('combobox', { name: 'Current reviewer' }).selectOption({ label: 'Ben' });
    const prompt = a.getByRole('dialog', { name: 'Switch to Ben' });
    await prompt.getByLabel('Ben’s passcode').fill('ben-first');
    await prompt.getByRole('button', { name: 'Switch' }).click();
    await expect.poll(() => prompt.getByRole('alert').textContent(), SLOW).toMatch(/not Ben’s passcode/);
    await prompt.getByLabel('Ben’s passcode').fill('ben-second');
    await prompt.getByRole('button', { name: 'Switch' }).click();
    await expect
      .poll(() => a.getByRole('combobox', { name: 'Current reviewer' }).locator('option:checked').textContent(), SLOW)
      .toBe('Ben');
  });

  it('changes the review’s reconcile settings from the reconcile view; the tolerance applies at once', async () => {
    const b = pageB;
    // B's LVEF now differs from A's 32 by 0.3.
    await b.getByRole('tab', { name: 'Form' }).click();
    await type(b, 'LVEF, Follow-up, CRT, Mean', '32.3');
    await b.getByRole('tab', { name: 'Reconcile' }).click();
    const view = b.getByLabel('Reconcile', { exact: true });
    const lvef = view.locator('.reconcile-table tr', {
      has: b.getByRole('rowheader', { name: 'LVEF, Follow-up, CRT, mean' }),
    });
    await expect.poll(() => lvef.textContent(), SLOW).toMatch(/^LVEF.*Differ/);

    await view.getByRole('button', { name: 'Reconcile settings…' }).click();
    const dialog = b.getByRole('dialog', { name: 'Reconcile settings' });
    await expect.poll(() => dialog.getByLabel('Tolerance').inputValue(), SLOW).toBe('exact');
    // The pair needs two different reviewers: refused with a reason, nothing saved.
    await dialog.getByLabel('First reviewer').selectOption({ label: 'Ana' });
    await dialog.getByLabel('Second reviewer').selectOption({ label: 'Ana' });
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent(), SLOW)
      .toBe('The pair needs two different reviewers.');
    await dialog.getByLabel('Second reviewer').selectOption({ label: 'Ben' });
    await dialog.getByLabel('Tolerance').selectOption('absolute');
    await dialog.getByLabel('Largest difference').fill('none');
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent(), SLOW).toMatch(/must be a number above 0/);
    await dialog.getByLabel('Largest difference').fill('0.5');
    await dialog.getByLabel('Take agreements into the consensus automatically').uncheck();
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => dialog.count(), SLOW).toBe(0);
    // 32 and 32.3 agree within an absolute tolerance of 0.5.
    await expect.poll(() => lvef.textContent(), SLOW).toMatch(/Agree \(within tolerance\)/);

    // The settings are the review's: they read back as saved.
    await view.getByRole('button', { name: 'Reconcile settings…' }).click();
    await expect.poll(() => dialog.getByLabel('Tolerance').inputValue(), SLOW).toBe('absolute');
    expect(await dialog.getByLabel('Largest difference').inputValue()).toBe('0.5');
    expect(await dialog.getByLabel('Take agreements into the consensus automatically').isChecked()).toBe(false);
    expect(await dialog.getByLabel('First reviewer').locator('option:checked').textContent()).toBe('Ana');
    expect(await dialog.getByLabel('Second reviewer').locator('option:checked').textContent()).toBe('Ben');
    expect(await dialog.getByLabel('Arbiter').locator('option:checked').textContent()).toBe('None');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });
  it('decides cells with values converted or mapped at reconciliation, as any other value', async () => {
    const b = pageB;
    const view = b.getByLabel('Reconcile', { exact: true });
    const lvef = view.locator('.reconcile-table tr', {
      has: b.getByRole('rowheader', { name: 'LVEF, Follow-up, CRT, mean' }),
    });
    await lvef.getByRole('rowheader').click();
    await view.focus();
    await b.keyboard.press('e');
    await lvef.getByRole('button', { name: 'Convert…' }).click();
    const dialog = b.getByRole('dialog', { name: 'Convert into LVEF, Follow-up, CRT, mean (consensus)' });
    await dialog.getByLabel('Conversion').selectOption('mean-sd-from-median');
    await dialog.getByLabel('Median', { exact: true }).fill('31');
    await dialog.getByLabel('Q1 (optional)').fill('27');
    await dialog.getByLabel('Q3 (optional)').fill('35');
    await dialog.getByLabel('n', { exact: true }).fill('10');
    // Only the cell being reconciled is decided (the SD is not one of its cells).
    await dialog.getByRole('button', { name: 'Decide mean' }).click();
    await expect.poll(() => dialog.count(), SLOW).toBe(0);
    await expect.poll(() => lvef.locator('.reconcile-consensus').textContent(), SLOW).toBe('31 (entered, converted)');

    // Another value can be mapped from a highlight rather than typed.
    const country = view.locator('.reconcile-table tr', {
      has: b.getByRole('rowheader', { name: 'Country', exact: true }),
    });
    await country.getByRole('rowheader').click();
    await view.focus();
    await b.keyboard.press('e');
    const source = country.getByRole('combobox', { name: 'Source of the consensus value for Country' });
    await source.selectOption({ index: 1 });
    const box = country.getByRole('textbox', { name: 'Consensus value for Country' });
    await box.fill('Spain');
    await box.press('Enter');
    await expect
      .poll(() => country.locator('.reconcile-consensus').textContent(), SLOW)
      .toBe('Spain (entered, mapped)');
  });
});
