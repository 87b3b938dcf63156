// Accessibility of every screen and dialog, checked with axe-core in Chromium against the web host:
// the workbench on the sample review (library, reader with the abstract and with a PDF, the form, the
// mapping panel, highlights, reconcile and analyses), each dialog, and the welcome screen. None may
// have a serious or critical violation. Also: the mapping panel floats over the text without moving it.
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe';
import { e2eSession, fixture } from './session';
import { selectText } from './select';

const session = e2eSession('accessibility', { width: 1440, height: 900 });

const page = () => session.page;
const studies = () => page().getByRole('listbox', { name: 'Studies' }).getByRole('option');
const sideTab = (name: string | RegExp) => page().getByRole('tablist', { name: 'Panel' }).getByRole('tab', { name });

async function dialogClean(open: () => Promise<void>, name: string | RegExp): Promise<void> {
  await open();
  const dialog = page().getByRole('dialog', { name });
  await expect.poll(() => dialog.count()).toBe(1);
  expect(await seriousViolations(page())).toEqual([]);
  await page().keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
}

describe('accessibility (axe-core: no serious or critical violations)', () => {
  it('the workbench on the sample review, before a reviewer is chosen', async () => {
    await page().goto(session.url);
    await expect.poll(() => studies().count()).toBeGreaterThan(0);
    expect(await seriousViolations(page())).toEqual([]);
    // one main landmark and one level-one heading
    expect(await page().getByRole('main').count()).toBe(1);
    expect(await page().getByRole('heading', { level: 1 }).count()).toBe(1);
  });

  it('the new reviewer dialog', async () => {
    await dialogClean(() => page().getByRole('button', { name: 'New reviewer…' }).click(), 'New reviewer');
    await page().getByRole('button', { name: 'New reviewer…' }).click();
    await page().getByLabel('Reviewer name').fill('Reviewer A');
    await page().getByRole('button', { name: 'Add reviewer' }).click();
    await expect.poll(() => page().getByRole('dialog').count()).toBe(0);
  });

  it('library, reader with the abstract, and the form of a selected study', async () => {
    await studies().filter({ hasText: 'end-stage inotrope-dependent' }).click();
    await expect.poll(() => page().getByRole('table', { name: 'LVEF' }).count()).toBe(1);
    expect(await seriousViolations(page())).toEqual([]);
  });

  it('the mapping panel over a selection', async () => {
    const abstract = page().getByRole('article', { name: 'Abstract' });
    const before = await abstract.boundingBox();
    await selectText(abstract, '9 of 10');
    const panel = page().getByRole('region', { name: 'Map selection' });
    await expect.poll(() => panel.count()).toBe(1);
    // the panel floats over the text, inside the window: the text does not move when it appears
    expect(await abstract.boundingBox()).toEqual(before);
    await expect.poll(async () => (await panel.boundingBox())?.y ?? -1).toBeGreaterThan(0);
    const box = (await panel.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(900);
    expect(box.x + box.width).toBeLessThanOrEqual(1440);
    expect(await seriousViolations(page())).toEqual([]);
    await page().keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
  });

  it('the keyboard shortcuts dialog', async () => {
    await page().locator('.app-title').click();
    await dialogClean(() => page().keyboard.press('?'), 'Keyboard shortcuts');
  });

  it('the reader with a PDF', async () => {
    await page().getByLabel('PDF file to attach').setInputFiles(fixture('pdfs/crt-sample-article.pdf'));
    const layer = page().locator('.pdf-page[data-page="1"] .pdf-text');
    await expect.poll(() => layer.textContent(), { timeout: 20_000 }).toContain('23.5 ± 4.3%');
    expect(await seriousViolations(page())).toEqual([]);
    // the pages scroll area is reachable with Tab, and pages are not landmarks
    expect(await page().locator('.pdf-pages').getAttribute('tabindex')).toBe('0');
    expect(
      await page()
        .getByRole('region', { name: /^Page \d+$/ })
        .count(),
    ).toBe(0);
  });

  it('the highlights, reconcile and analyses panels', async () => {
    for (const name of [/^Highlights/, 'Reconcile', 'Analyses']) {
      await sideTab(name).click();
      await expect.poll(() => sideTab(name).getAttribute('aria-selected')).toBe('true');
      await expect.poll(() => page().getByRole('tabpanel').count()).toBe(2);
      expect(await seriousViolations(page())).toEqual([]);
    }
    await sideTab('Form').click();
  });

  it('the dialogs of the workbench', async () => {
    await sideTab('Form').click();
    await dialogClean(() => page().getByRole('button', { name: 'Add study…' }).click(), 'Add study');
    await dialogClean(() => page().getByRole('button', { name: 'Import…' }).click(), 'Import references');
    await dialogClean(() => page().getByRole('button', { name: 'Edit form…' }).click(), /^Edit form/);
    await dialogClean(
      () => page().getByRole('button', { name: 'QRS duration, Baseline, CRT, SD: convert' }).click(),
      /^Convert into QRS duration/,
    );
    await dialogClean(async () => {
      await page().getByRole('button', { name: 'File' }).click();
      await page().getByRole('menuitem', { name: 'New review…' }).click();
    }, 'New review');
  });

  it('the welcome screen', async () => {
    await page().getByRole('button', { name: 'File' }).click();
    await page().getByRole('menuitem', { name: 'Close review' }).click();
    await expect.poll(() => page().getByRole('listbox', { name: 'Studies' }).count()).toBe(0);
    await expect.poll(() => page().getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(await page().getByRole('main').count()).toBe(1);
    expect(await seriousViolations(page())).toEqual([]);
  });
});
