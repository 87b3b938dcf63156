// Extraction as a new reviewer does it, in Chromium against the web host and the sample review:
// select "23.5 ± 4.3%" in the fixture PDF and "9 of 10" in the abstract, map each into the sample
// form with one click, see a refused value keep what was there, undo, restart, and find the values
// with their links back to the highlights.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium';
import { serveCaliper, type ServedCaliper } from './host';
import { selectText } from './select';

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

let browser: Browser;
let page: Page;
let served: ServedCaliper;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-e2e-extraction-'));
  browser = await launchChromium();
  served = await serveCaliper(dataDir);
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
});

afterAll(async () => {
  await served?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const studies = () => page.getByRole('listbox', { name: 'Studies' }).getByRole('option');
const cell = (label: string) => page.getByRole('textbox', { name: label, exact: true });
const mapping = () => page.getByRole('region', { name: 'Map selection' });

describe('extracting from the sample review', () => {
  it('starts as reviewer A on the class IV study with the sample form and its arm', async () => {
    await page.goto(served.url);
    await page.getByRole('button', { name: 'New reviewer…' }).click();
    await page.getByLabel('Reviewer name').fill('Reviewer A');
    await page.getByRole('button', { name: 'Add reviewer' }).click();
    await studies().filter({ hasText: 'end-stage inotrope-dependent' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'LVEF' }).count()).toBe(1);
    expect(await page.getByRole('group', { name: 'Arms' }).textContent()).toContain('CRT');
  });

  it('maps "23.5 ± 4.3%" selected in the PDF into LVEF at baseline with one click', async () => {
    await page.getByLabel('PDF file to attach').setInputFiles(fixture('pdfs/crt-sample-article.pdf'));
    const layer = page.locator('.pdf-page[data-page="1"] .pdf-text');
    await expect.poll(() => layer.textContent(), { timeout: 20_000 }).toContain('23.5 ± 4.3%');
    await selectText(layer, '23.5 ± 4.3%');
    await expect.poll(() => mapping().textContent()).toContain('Found: mean 23.5, SD 4.3, unit %');
    await mapping()
      .getByRole('button', { name: /LVEF, Baseline, CRT: mean, SD/ })
      .click();
    await expect.poll(() => cell('LVEF, Baseline, CRT, Mean').inputValue()).toBe('23.5');
    expect(await cell('LVEF, Baseline, CRT, SD').inputValue()).toBe('4.3');
    expect(await page.getByRole('combobox', { name: 'Extraction status' }).inputValue()).toBe('in_progress');
  });

  it('maps "9 of 10" selected in the abstract into weaning from inotropes', async () => {
    await page.getByRole('tab', { name: 'Abstract' }).click();
    const abstract = page.getByRole('article', { name: 'Abstract' });
    await selectText(abstract, '9 of 10');
    await expect.poll(() => mapping().textContent()).toContain('events 9, total 10');
    await mapping()
      .getByRole('button', { name: /Weaning from inotropes, Follow-up, CRT: events, total/ })
      .click();
    await expect.poll(() => cell('Weaning from inotropes, Follow-up, CRT, Events').inputValue()).toBe('9');
    expect(await cell('Weaning from inotropes, Follow-up, CRT, Total').inputValue()).toBe('10');
  });

  it('refuses an SD of 0 beside the cell and keeps what was there', async () => {
    const sd = cell('LVEF, Baseline, CRT, SD');
    await sd.fill('0');
    await sd.press('Enter');
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/SD/);
    await sd.press('Escape');
    await page.getByRole('searchbox', { name: 'Filter studies' }).click();
    await expect.poll(() => sd.inputValue()).toBe('4.3');
  });

  it('types a value by hand, marks one not reported, and undoes the last change', async () => {
    const followUp = cell('LVEF, Follow-up, CRT, Mean');
    await followUp.fill('32.0');
    await followUp.press('Enter');
    await page.getByRole('button', { name: 'LVEF, Follow-up, CRT, SD: not reported' }).click();
    await expect
      .poll(() =>
        page.getByRole('button', { name: 'LVEF, Follow-up, CRT, SD: not reported' }).getAttribute('aria-pressed'),
      )
      .toBe('true');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() =>
        page.getByRole('button', { name: 'LVEF, Follow-up, CRT, SD: not reported' }).getAttribute('aria-pressed'),
      )
      .toBe('false');
    expect(await followUp.inputValue()).toBe('32');
  });

  it('converts an SE into the SD in place, keeping the method and inputs', async () => {
    await page.getByRole('button', { name: 'QRS duration, Baseline, CRT, SD: convert' }).click();
    const dialog = page.getByRole('dialog', { name: /^Convert into QRS duration, Baseline, CRT, SD/ });
    await dialog.getByRole('combobox', { name: 'Conversion' }).selectOption({ label: 'SD from SE' });
    await dialog.getByRole('textbox', { name: 'SE' }).fill('7.9');
    await dialog.getByRole('textbox', { name: 'n' }).fill('10');
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/^sd = 24\.98\d* · SD = SE × √n/);
    await dialog.getByRole('button', { name: /^Write sd/ }).click();
    await expect.poll(() => cell('QRS duration, Baseline, CRT, SD').inputValue()).toMatch(/^24\.98/);
    expect(await cell('QRS duration, Baseline, CRT, SD').getAttribute('title')).toMatch(/^Converted: sd-from-se/);
  });

  it('edits the form without losing data: adds a field, refuses a lossy type change, archives a removed field', async () => {
    const country = page.getByRole('textbox', { name: 'Country', exact: true });
    await country.fill('USA');
    await country.press('Enter');
    await page.getByRole('button', { name: 'Edit form…' }).click();
    const builder = page.getByRole('dialog', { name: /^Edit form \(version \d+\)/ });
    await builder.getByRole('textbox', { name: 'New field' }).fill('Setting');
    await builder.getByRole('button', { name: 'Add field' }).click();
    await expect.poll(() => builder.getByRole('textbox', { name: 'Field label: Setting' }).count()).toBe(1);
    await builder.getByRole('combobox', { name: 'Field type: Country' }).selectOption('number');
    await expect
      .poll(() => builder.getByRole('alert').textContent())
      .toMatch(/Cannot change "Country" from text to number: "USA" is not a number/);
    await builder.getByRole('button', { name: 'Remove “Setting”' }).click();
    await expect.poll(() => builder.getByRole('button', { name: 'Restore “Setting”' }).count()).toBe(1);
    await builder.getByText(/^Form versions/).click();
    expect(await builder.locator('.versions li').count()).toBeGreaterThanOrEqual(3);
    await builder.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByRole('textbox', { name: 'Setting', exact: true }).count()).toBe(0);
    expect(await country.inputValue()).toBe('USA');
  });

  it('finds the values and their links to the highlights after a restart', async () => {
    await served.stop();
    served = await serveCaliper(dataDir);
    await page.goto(served.url);
    await studies().filter({ hasText: 'end-stage inotrope-dependent' }).click();
    await expect.poll(() => cell('LVEF, Baseline, CRT, Mean').inputValue()).toBe('23.5');
    expect(await cell('LVEF, Baseline, CRT, SD').inputValue()).toBe('4.3');
    expect(await cell('Weaning from inotropes, Follow-up, CRT, Events').inputValue()).toBe('9');
    expect(await cell('LVEF, Follow-up, CRT, Mean').inputValue()).toBe('32');
    expect(await cell('QRS duration, Baseline, CRT, SD').getAttribute('title')).toMatch(/^Converted: sd-from-se/);

    // From the value to its highlight: the PDF opens on the highlighted words.
    await page.getByRole('button', { name: 'LVEF, Baseline, CRT, Mean: go to source' }).click();
    await expect
      .poll(() => page.getByRole('tab', { name: 'crt-sample-article.pdf' }).getAttribute('aria-selected'))
      .toBe('true');
    await expect.poll(() => page.locator('.pdf-box.hl').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // From the highlight to the values it fed.
    await page.getByRole('tab', { name: /^Highlights/ }).click();
    const list = page.getByRole('region', { name: 'Highlights' });
    await expect.poll(() => list.textContent()).toContain('Fed: LVEF, Baseline, CRT, mean; LVEF, Baseline, CRT, SD');
    expect(await list.textContent()).toContain(
      'Fed: Weaning from inotropes, Follow-up, CRT, events; Weaning from inotropes, Follow-up, CRT, total',
    );
  });
});
