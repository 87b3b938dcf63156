// File > Export… in Chromium against the web host and the sample review: the extraction sheet is
// exported through the menu and dialog, downloaded under its default name, and read back with exceljs:
// its sheets, its studies, and the sample's consensus values as numbers.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { e2eSession } from './session';

const session = e2eSession('exports');

describe('exporting the sample review', () => {
  it('downloads the extraction sheet from File > Export… and it reads back with the sample’s values', async () => {
    const { page } = session;
    await page.goto(session.url);
    await expect.poll(() => page.getByRole('listbox', { name: 'Studies' }).getByRole('option').count()).toBe(4);
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await expect
      .poll(() => dialog.getByLabel('Format').locator('option').allTextContents())
      .toContain('Extraction sheet (Excel, .xlsx)');
    expect(await dialog.getByLabel('Format').inputValue()).toBe('xlsx');
    expect(await dialog.getByLabel('Values').inputValue()).toBe('consensus');
    const downloading = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^Sample review.* - extraction sheet - \d{4}-\d{2}-\d{2}\.xlsx$/);
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /^Exported \d+ rows/ })
          .count(),
      )
      .toBe(1);
    expect(await dialog.count()).toBe(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    expect(wb.worksheets.map((s) => s.name)).toEqual([
      'Studies',
      'QRS duration',
      'LVEF',
      'LV end-diastolic volume',
      'LV end-systolic volume',
      'NYHA class IV',
      'Weaning from inotropes',
      '12-month survival',
      'Sources',
    ]);
    expect(wb.getWorksheet('Studies')!.actualRowCount).toBe(5);
    const weaning = wb.getWorksheet('Weaning from inotropes')!;
    expect(weaning.getRow(1).values).toEqual([
      undefined,
      'Study ID',
      'Study',
      'Year',
      'Layer',
      'Timepoint',
      'Arm',
      'Events',
      'Total',
    ]);
    const row = weaning.getRow(2);
    expect([row.getCell(5).value, row.getCell(6).value, row.getCell(7).value, row.getCell(8).value]).toEqual([
      'Follow-up',
      'CRT',
      9,
      10,
    ]);
    expect(row.getCell(7).type).toBe(ExcelJS.ValueType.Number);
    const lvef = wb.getWorksheet('LVEF')!;
    expect(lvef.getRow(1).values).toContain('Mean (%)');
    expect(lvef.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });
});
