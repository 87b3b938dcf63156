// A reviewer's first hour, in Chromium at 1280×720 (and 1440×900 for the dialogs) against the web
// host and the sample review: the offer to create the first reviewer, every dialog within the window,
// the form builder's choices, units and timepoints, arms renamed and removed, a typed number shown as
// typed after a reload, the library's sort and status filter, messages that float and go, and the
// history of a study. With CALIPER_SCREENSHOT_DIR set, the main screens are saved there as PNGs to
// look at (never committed).
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fixture, e2eSession } from './session';

const session = e2eSession('first-hour', { width: 1280, height: 720 });
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
];

const studies = () => session.page.getByRole('listbox', { name: 'Studies' }).getByRole('option');
const cell = (label: string) => session.page.getByRole('textbox', { name: label, exact: true });
const builder = () => session.page.getByRole('dialog', { name: /^Edit form \(version \d+\)/ });

async function screenshot(name: string): Promise<void> {
  const dir = process.env.CALIPER_SCREENSHOT_DIR;
  if (!dir) return;
  const { width, height } = session.page.viewportSize()!;
  await session.page.screenshot({ path: path.join(dir, `${name}-${width}x${height}.png`) });
}

/**
 * What of a dialog does not fit: the dialog outside the window, content wider than the dialog (so
 * cut off on the right), or a control outside the dialog's box. Empty when everything is reachable.
 */
async function misfits(dialog: Locator): Promise<string[]> {
  await dialog.waitFor();
  return dialog.evaluate((el) => {
    const problems: string[] = [];
    const box = el.getBoundingClientRect();
    if (box.left < 0 || box.top < 0 || box.right > window.innerWidth || box.bottom > window.innerHeight)
      problems.push(`dialog ${Math.round(box.width)}×${Math.round(box.height)} outside the window`);
    if (el.scrollWidth > el.clientWidth + 1) problems.push(`content ${el.scrollWidth} px wide in ${el.clientWidth} px`);
    for (const child of el.querySelectorAll<HTMLElement>('button, input, select, textarea, table, th, td')) {
      const r = child.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1) {
        const name = child.getAttribute('aria-label') ?? child.textContent?.trim().slice(0, 30) ?? child.tagName;
        problems.push(`${child.tagName.toLowerCase()} "${name}" at ${Math.round(r.left)}–${Math.round(r.right)}`);
      }
    }
    return problems;
  });
}

async function closeDialog(dialog: Locator): Promise<void> {
  await session.page.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
}

describe('a reviewer’s first hour', () => {
  it('offers to create the first reviewer on first run, and starts extracting as them', async () => {
    await session.page.goto(session.url);
    await expect.poll(() => studies().count()).toBe(4);
    await studies().filter({ hasText: 'end-stage inotrope-dependent' }).click();
    const offer = session.page.getByRole('dialog', { name: 'Who is extracting?' });
    await expect.poll(() => offer.count()).toBe(1);
    await screenshot('first-run');
    await offer.getByLabel('Your name').fill('Ana');
    await offer.getByRole('button', { name: 'Start extracting' }).click();
    await expect.poll(() => offer.count()).toBe(0);
    expect(await session.page.getByRole('combobox', { name: 'Current reviewer' }).inputValue()).not.toBe('');
    await expect.poll(() => session.page.getByRole('table', { name: 'LVEF' }).count()).toBe(1);
    await screenshot('workbench');
  });

  it('fits every dialog within 1280×720 and 1440×900, nothing cut off', async () => {
    const openers: [string, () => Promise<void>, RegExp | string][] = [
      ['form builder', () => session.page.getByRole('button', { name: 'Edit form…' }).click(), /^Edit form/],
      ['add study', () => session.page.getByRole('button', { name: 'Add study…' }).click(), 'Add study'],
      ['import references', () => session.page.getByRole('button', { name: 'Import…' }).click(), 'Import references'],
      [
        'import PDFs',
        async () => {
          await session.page.getByRole('button', { name: 'File' }).click();
          await session.page.getByRole('menuitem', { name: 'Import PDFs…' }).click();
        },
        'Import PDFs',
      ],
      ['new reviewer', () => session.page.getByRole('button', { name: 'New reviewer…' }).click(), 'New reviewer'],
      ['study history', () => session.page.getByRole('button', { name: 'Study history' }).click(), /^History of /],
      [
        'review history',
        () => session.page.getByRole('button', { name: 'Review history' }).click(),
        'History of the review',
      ],
    ];
    try {
      for (const size of SIZES) {
        await session.page.setViewportSize(size);
        await screenshot('workbench');
        for (const [name, open, title] of openers) {
          await open();
          const dialog = session.page.getByRole('dialog', { name: title });
          if (name === 'import PDFs') {
            // With PDFs read, its table (with the Study column) must fit too.
            await dialog
              .getByLabel('PDF files')
              .setInputFiles([fixture('pdfs/crt-sample-article.pdf'), fixture('pdfs/broken/poppler-742-0-fuzzed.pdf')]);
            await expect
              .poll(() => dialog.getByRole('table', { name: 'PDFs to import' }).locator('tbody tr').count(), {
                timeout: 30_000,
              })
              .toBe(2);
          }
          try {
            expect({ name, size, misfits: await misfits(dialog) }).toEqual({ name, size, misfits: [] });
            if (name === 'form builder' || name === 'import PDFs') await screenshot(name.replace(' ', '-'));
          } finally {
            await closeDialog(dialog);
          }
        }
      }
    } finally {
      await session.page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  it('edits a choice field’s choices, also after changing a field to a choice type', async () => {
    await session.page.getByRole('button', { name: 'Edit form…' }).click();
    await builder().getByRole('combobox', { name: 'Field type: Country' }).selectOption('single_choice');
    const choices = builder().getByRole('group', { name: 'Choices of “Country”' });
    await expect.poll(() => choices.count()).toBe(1);
    for (const choice of ['USA', 'Canada', 'Spain']) {
      await choices.getByRole('textbox', { name: 'New choice for “Country”' }).fill(choice);
      await choices.getByRole('button', { name: 'Add choice' }).click();
      await expect.poll(() => choices.getByRole('textbox', { name: /^Choice \d of/ }).count()).toBeGreaterThan(0);
    }
    const values = () =>
      choices
        .getByRole('textbox', { name: /^Choice \d of/ })
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    await expect.poll(values).toEqual(['USA', 'Canada', 'Spain']);
    const canada = choices.getByRole('textbox', { name: 'Choice 2 of “Country”' });
    await canada.fill('United Kingdom');
    await canada.press('Tab');
    await expect.poll(values).toEqual(['USA', 'United Kingdom', 'Spain']);
    await choices.getByRole('button', { name: 'Move choice “Spain” up' }).click();
    await expect.poll(values).toEqual(['USA', 'Spain', 'United Kingdom']);
    await choices.getByRole('button', { name: 'Remove choice “USA”' }).click();
    await expect.poll(values).toEqual(['Spain', 'United Kingdom']);
    await builder().getByRole('button', { name: 'Done' }).click();
    const country = session.page.getByRole('combobox', { name: 'Country', exact: true });
    expect(await country.locator('option').allTextContents()).toEqual(['', 'Spain', 'United Kingdom']);
  });

  it('edits an outcome’s unit, and starts the next new outcome from the defaults', async () => {
    await session.page.getByRole('button', { name: 'Edit form…' }).click();
    const unit = builder().getByRole('textbox', { name: 'Unit: LVEF' });
    await unit.fill('% of LV volume');
    await unit.press('Tab');
    await builder()
      .getByText(/^Form versions/)
      .click();
    await expect.poll(() => builder().locator('.versions li').first().textContent()).toMatch(/Updated outcome "LVEF"/);
    expect(await builder().getByRole('textbox', { name: 'Unit: LVEF' }).inputValue()).toBe('% of LV volume');
    expect(await builder().getByRole('alert').count()).toBe(0);
    const add = builder().getByRole('form', { name: 'New outcome' });
    await add.getByLabel('New outcome').fill('Mortality');
    await add.getByLabel('Data type').selectOption('dichotomous');
    await add.getByLabel('Unit').fill('%');
    await add.getByRole('button', { name: 'Add outcome' }).click();
    await expect.poll(() => builder().getByRole('textbox', { name: 'Outcome name: Mortality' }).count()).toBe(1);
    // The form clears itself once the edit has been answered (and the extraction read again).
    await expect.poll(() => add.getByLabel('New outcome').inputValue()).toBe('');
    await expect.poll(() => add.getByLabel('Unit').inputValue()).toBe('');
    await expect.poll(() => add.getByLabel('Data type').inputValue()).toBe('continuous');
    await builder().getByRole('button', { name: 'Done' }).click();
  });

  it('archives a timepoint removed while it has a value, and restores it with the value', async () => {
    const mean = cell('LVEF, Baseline, CRT, Mean');
    await mean.fill('25.5');
    await mean.press('Enter');
    await session.page.getByRole('button', { name: 'Edit form…' }).click();
    await builder().getByRole('button', { name: 'Remove timepoint “Baseline” of “LVEF”' }).click();
    const restore = builder().getByRole('button', { name: 'Restore timepoint “Baseline”' });
    await expect.poll(() => restore.count()).toBe(1);
    await builder().getByRole('button', { name: 'Done' }).click();
    expect(await cell('LVEF, Baseline, CRT, Mean').count()).toBe(0);
    await session.page.getByRole('button', { name: 'Edit form…' }).click();
    await builder().getByRole('button', { name: 'Restore timepoint “Baseline”' }).click();
    await expect.poll(() => builder().getByRole('button', { name: 'Restore timepoint “Baseline”' }).count()).toBe(0);
    await builder().getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => cell('LVEF, Baseline, CRT, Mean').inputValue()).toBe('25.5');
  });

  it('renames and removes arms, asking first when the arm has values', async () => {
    const arms = session.page.getByRole('group', { name: 'Arms' });
    const crt = arms.getByRole('textbox', { name: 'Arm name: CRT' });
    await crt.fill('CRT-D');
    await crt.press('Enter');
    await expect.poll(() => arms.getByRole('textbox', { name: 'Arm name: CRT-D' }).count()).toBe(1);
    await expect.poll(() => cell('LVEF, Baseline, CRT-D, Mean').inputValue()).toBe('25.5');
    await arms.getByRole('textbox', { name: 'New arm' }).fill('Control');
    await arms.getByRole('button', { name: 'Add arm' }).click();
    await expect.poll(() => arms.getByRole('textbox', { name: 'Arm name: Control' }).count()).toBe(1);
    await arms.getByRole('button', { name: 'Remove arm “Control”' }).click();
    await expect.poll(() => arms.getByRole('textbox', { name: 'Arm name: Control' }).count()).toBe(0);
    await arms.getByRole('button', { name: 'Remove arm “CRT-D”' }).click();
    const confirm = arms.getByRole('group', { name: 'Remove arm “CRT-D”?' });
    expect(await confirm.textContent()).toMatch(/1 value kept as removed/);
    await confirm.getByRole('button', { name: 'Keep' }).click();
    expect(await arms.getByRole('textbox', { name: 'Arm name: CRT-D' }).count()).toBe(1);
  });

  it('shows the study’s history: who changed what, when, from what to what', async () => {
    await session.page.getByRole('button', { name: 'Study history' }).click();
    const dialog = session.page.getByRole('dialog', { name: /^History of / });
    const table = dialog.getByRole('table');
    await expect.poll(() => table.count()).toBe(1);
    const renamed = table.getByRole('row').filter({ hasText: 'Renamed arm' });
    expect(await renamed.getByRole('cell').allTextContents()).toEqual([
      expect.any(String),
      'Ana',
      'Renamed arm',
      'CRT',
      'CRT-D',
    ]);
    const value = table.getByRole('row').filter({ hasText: 'LVEF, Baseline, CRT-D, mean' }).first();
    expect(await value.textContent()).toContain('25.5 (typed)');
    await closeDialog(dialog);
  });

  it('keeps a typed number as typed ("32.0"), also after a reload', async () => {
    const mean = () => cell('LVEF, Follow-up, CRT-D, Mean');
    await mean().fill('32.0');
    await mean().press('Enter');
    await expect.poll(() => mean().getAttribute('title')).toBe('Typed');
    await mean().blur();
    expect(await mean().inputValue()).toBe('32.0');
    await session.page.reload();
    await expect.poll(() => studies().count()).toBe(4);
    await studies().filter({ hasText: 'end-stage inotrope-dependent' }).click();
    await expect.poll(() => mean().inputValue()).toBe('32.0');
  });

  it('sorts the library by a column and filters it by status', async () => {
    const years = () => studies().locator('.year').allTextContents();
    await session.page.getByRole('button', { name: 'Sort by year' }).click();
    await expect.poll(years).toEqual([...(await years())].sort());
    await session.page.getByRole('button', { name: 'Sort by year' }).click();
    await expect.poll(async () => (await years()).join()).toBe([...(await years())].sort().reverse().join());
    const status = session.page.getByRole('combobox', { name: 'Filter by status' });
    await status.selectOption('in_progress');
    await expect.poll(() => studies().count()).toBe(1);
    expect(await session.page.locator('.library-count').textContent()).toBe('1 of 4 shown');
    await status.selectOption('complete');
    await expect.poll(() => studies().count()).toBe(0);
    await status.selectOption('all');
    await expect.poll(() => studies().count()).toBe(4);
  });

  it('resizes the library, and remembers its width', async () => {
    const library = session.page.getByRole('region', { name: 'Library' });
    const before = (await library.boundingBox())!.width;
    const handle = session.page.getByRole('separator', { name: 'Resize the library' });
    await handle.focus();
    await session.page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => Math.round((await library.boundingBox())!.width)).toBe(Math.round(before + 80));
    await session.page.reload();
    await expect.poll(() => studies().count()).toBe(4);
    expect(Math.round((await library.boundingBox())!.width)).toBe(Math.round(before + 80));
  });

  it('keeps the reader’s toolbars on one line with a PDF attached', async () => {
    await session.page.getByLabel('PDF file to attach').setInputFiles(fixture('pdfs/crt-sample-article.pdf'));
    const toolbar = session.page.getByRole('toolbar', { name: 'PDF tools' });
    await expect.poll(() => toolbar.count(), { timeout: 20_000 }).toBe(1);
    for (const size of SIZES) {
      await session.page.setViewportSize(size);
      await screenshot('reader-pdf');
      for (const bar of [toolbar, session.page.locator('.reader-tools')]) {
        const tops = await bar.evaluate((el) =>
          [...el.children]
            .filter((c) => c.getBoundingClientRect().width > 0)
            .map((c) => Math.round(c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2)),
        );
        expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(8);
      }
    }
    await session.page.setViewportSize({ width: 1280, height: 720 });
  });

  it('shows the document tabs’ names whole at both sizes, each with its full name as tooltip', async () => {
    const tabs = session.page.getByRole('tablist', { name: 'Documents' }).getByRole('tab');
    expect(await tabs.allTextContents()).toEqual(['Abstract', 'crt-sample-article.pdf']);
    for (const size of SIZES) {
      await session.page.setViewportSize(size);
      const shown = await tabs.evaluateAll((els) =>
        els.map((el) => ({
          title: el.getAttribute('title'),
          cut: el.scrollWidth > el.clientWidth,
          name: el.textContent,
        })),
      );
      expect(shown).toEqual([
        { title: 'Abstract', cut: false, name: 'Abstract' },
        { title: 'crt-sample-article.pdf', cut: false, name: 'crt-sample-article.pdf' },
      ]);
    }
    await session.page.setViewportSize({ width: 1280, height: 720 });
    // the tabs stay next to the document they show
    const panel = await session.page.locator('#document-panel').boundingBox();
    const strip = await session.page.getByRole('tablist', { name: 'Documents' }).boundingBox();
    expect(panel!.y - (strip!.y + strip!.height)).toBeLessThan(12);
  });

  it('shows messages over the workbench without moving it; errors stay until dismissed, information goes', async () => {
    const workbenchTop = () => session.page.locator('.workbench').evaluate((el) => el.getBoundingClientRect().top);
    const top = await workbenchTop();
    const arms = session.page.getByRole('group', { name: 'Arms' });
    await arms.getByRole('textbox', { name: 'New arm' }).fill('CRT-D');
    await arms.getByRole('button', { name: 'Add arm' }).click();
    const error = session.page.locator('.toasts').getByRole('alert');
    await expect.poll(() => error.textContent()).toMatch(/already has an arm called "CRT-D"/);
    expect(await workbenchTop()).toBe(top);
    await screenshot('error-message');
    await session.page.waitForTimeout(7_000);
    expect(await error.count()).toBe(1);
    await error.getByRole('button', { name: 'Dismiss message' }).click();
    expect(await error.count()).toBe(0);

    await session.page.getByRole('button', { name: 'File' }).click();
    await session.page.getByRole('menuitem', { name: 'Save a copy…' }).click();
    await session.page.getByRole('dialog', { name: 'Save a copy' }).getByRole('button', { name: 'Save copy' }).click();
    const info = session.page.locator('.toasts').getByRole('status');
    await expect.poll(() => info.textContent()).toMatch(/A copy was saved to/);
    expect(await workbenchTop()).toBe(top);
    await expect.poll(() => info.count(), { timeout: 12_000 }).toBe(0);
  });
});
