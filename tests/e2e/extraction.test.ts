// Extraction as a new reviewer does it, in Chromium against the web host and the sample review:
// select "23.5 ± 4.3%" in the fixture PDF and "9 of 10" in the abstract, map each into the sample
// form with one click, see a refused value keep what was there, undo, restart, and find the values
// with their links back to the highlights.
import { describe, expect, it } from 'vitest';
import { e2eSession, fixture } from './session';
import { selectText } from './select';

const session = e2eSession('extraction', { width: 1500, height: 950 });

const studies = () => session.page.getByRole('listbox', { name: 'Studies' }).getByRole('option');
const cell = (label: string) => session.page.getByRole('textbox', { name: label, exact: true });
const mapping = () => session.page.getByRole('region', { name: 'Map selection' });

describe('extracting from the sample review', () => {
  it('starts as reviewer A on the class IV study with the sample form and its arm', async () => {
    await session.page.goto(session.url);
    await session.page.getByRole('button', { name: 'New reviewer…' }).click();
    await session.page.getByLabel('Reviewer name').fill('Reviewer A');
    await session.page.getByRole('button', { name: 'Add reviewer' }).click();
    await studies().filter({ hasText: 'end-stage inotrope-dependent' }).click();
    await expect.poll(() => session.page.getByRole('table', { name: 'LVEF' }).count()).toBe(1);
    const arms = session.page.getByRole('group', { name: 'Arms' });
    expect(await arms.getByRole('textbox', { name: 'Arm name: CRT' }).inputValue()).toBe('CRT');
  });

  it('maps "23.5 ± 4.3%" selected in the PDF into LVEF at baseline with one click', async () => {
    await session.page.getByLabel('PDF file to attach').setInputFiles(fixture('pdfs/crt-sample-article.pdf'));
    const layer = session.page.locator('.pdf-page[data-page="1"] .pdf-text');
    await expect.poll(() => layer.textContent(), { timeout: 20_000 }).toContain('23.5 ± 4.3%');
    await selectText(layer, '23.5 ± 4.3%');
    await expect.poll(() => mapping().textContent()).toContain('Found: mean 23.5, SD 4.3, unit %');
    await mapping()
      .getByRole('button', { name: /LVEF, Baseline, CRT: mean, SD/ })
      .click();
    await expect.poll(() => cell('LVEF, Baseline, CRT, Mean').inputValue()).toBe('23.5');
    expect(await cell('LVEF, Baseline, CRT, SD').inputValue()).toBe('4.3');
    expect(await session.page.getByRole('combobox', { name: 'Extraction status' }).inputValue()).toBe('in_progress');
  });

  it('maps "9 of 10" selected in the abstract into weaning from inotropes', async () => {
    await session.page.getByRole('tab', { name: 'Abstract' }).click();
    const abstract = session.page.getByRole('article', { name: 'Abstract' });
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
    await expect.poll(() => session.page.getByRole('alert').first().textContent()).toMatch(/SD/);
    await sd.press('Escape');
    await session.page.getByRole('searchbox', { name: 'Filter studies' }).click();
    await expect.poll(() => sd.inputValue()).toBe('4.3');
  });

  it('types a value by hand, marks one not reported, and undoes the last change', async () => {
    const followUp = cell('LVEF, Follow-up, CRT, Mean');
    await followUp.fill('32.0');
    await followUp.press('Enter');
    await session.page.getByRole('button', { name: 'LVEF, Follow-up, CRT, SD: not reported' }).click();
    await expect
      .poll(() =>
        session.page
          .getByRole('button', { name: 'LVEF, Follow-up, CRT, SD: not reported' })
          .getAttribute('aria-pressed'),
      )
      .toBe('true');
    await session.page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() =>
        session.page
          .getByRole('button', { name: 'LVEF, Follow-up, CRT, SD: not reported' })
          .getAttribute('aria-pressed'),
      )
      .toBe('false');
    expect(await followUp.inputValue()).toBe('32.0');
  });

  it('converts an SE into the SD in place, keeping the method and inputs', async () => {
    await session.page.getByRole('button', { name: 'QRS duration, Baseline, CRT, SD: convert' }).click();
    const dialog = session.page.getByRole('dialog', { name: /^Convert into QRS duration, Baseline, CRT, SD/ });
    await dialog.getByRole('combobox', { name: 'Conversion' }).selectOption({ label: 'SD from SE' });
    await dialog.getByRole('textbox', { name: 'SE' }).fill('7.9');
    await dialog.getByRole('textbox', { name: 'n' }).fill('10');
    await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/^sd = 24\.98\d* · SD = SE × √n/);
    await dialog.getByRole('button', { name: /^Write sd/ }).click();
    await expect.poll(() => cell('QRS duration, Baseline, CRT, SD').inputValue()).toMatch(/^24\.98/);
    expect(await cell('QRS duration, Baseline, CRT, SD').getAttribute('title')).toMatch(/^Converted: sd-from-se/);
  });

  it('edits the form without losing data: adds a field, refuses a lossy type change, archives a removed field', async () => {
    const country = session.page.getByRole('textbox', { name: 'Country', exact: true });
    await country.fill('USA');
    await country.press('Enter');
    await session.page.getByRole('button', { name: 'Edit form…' }).click();
    const builder = session.page.getByRole('dialog', { name: /^Edit form \(version \d+\)/ });
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
    expect(await session.page.getByRole('textbox', { name: 'Setting', exact: true }).count()).toBe(0);
    expect(await country.inputValue()).toBe('USA');
  });

  it('moves the focus between library, reader and form with F6', async () => {
    const focusedPane = () =>
      session.page.evaluate(() => {
        const el = document.activeElement;
        return el?.closest('[aria-label="Studies"]')
          ? 'library'
          : (el?.closest('section[aria-label]')?.getAttribute('aria-label') ?? null);
      });
    await session.page.locator('.app-title').click();
    await session.page.keyboard.press('F6');
    expect(await focusedPane()).toBe('library');
    await session.page.keyboard.press('F6');
    expect(await focusedPane()).toBe('Reader');
    await session.page.keyboard.press('F6');
    expect(await focusedPane()).toBe('Extraction');
    await session.page.keyboard.press('Shift+F6');
    expect(await focusedPane()).toBe('Reader');
  });

  it('keeps reviewer B blind to reviewer A’s values, and A’s values when A comes back', async () => {
    await session.page.getByRole('button', { name: 'New reviewer…' }).click();
    await session.page.getByLabel('Reviewer name').fill('Reviewer B');
    await session.page.getByRole('button', { name: 'Add reviewer' }).click();
    await expect
      .poll(() => session.page.getByRole('combobox', { name: 'Extraction status' }).inputValue())
      .toBe('not_started');
    expect(await cell('LVEF, Baseline, CRT, Mean').inputValue()).toBe('');
    await session.page.getByRole('combobox', { name: 'Current reviewer' }).selectOption({ label: 'Reviewer A' });
    await expect.poll(() => cell('LVEF, Baseline, CRT, Mean').inputValue()).toBe('23.5');
  });

  it('finds the values and their links to the highlights after a restart', async () => {
    await session.restart();
    await session.page.goto(session.url);
    await studies().filter({ hasText: 'end-stage inotrope-dependent' }).click();
    await expect.poll(() => cell('LVEF, Baseline, CRT, Mean').inputValue()).toBe('23.5');
    expect(await cell('LVEF, Baseline, CRT, SD').inputValue()).toBe('4.3');
    expect(await cell('Weaning from inotropes, Follow-up, CRT, Events').inputValue()).toBe('9');
    expect(await cell('LVEF, Follow-up, CRT, Mean').inputValue()).toBe('32.0');
    expect(await cell('QRS duration, Baseline, CRT, SD').getAttribute('title')).toMatch(/^Converted: sd-from-se/);

    // From the value to its highlight: the PDF opens on the highlighted words.
    await session.page.getByRole('button', { name: 'LVEF, Baseline, CRT, Mean: go to source' }).click();
    await expect
      .poll(() => session.page.getByRole('tab', { name: 'crt-sample-article.pdf' }).getAttribute('aria-selected'))
      .toBe('true');
    await expect.poll(() => session.page.locator('.pdf-box.hl').count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // From the highlight to the values it fed.
    await session.page.getByRole('tab', { name: /^Highlights/ }).click();
    const list = session.page.getByRole('region', { name: 'Highlights' });
    await expect.poll(() => list.textContent()).toContain('Fed: LVEF, Baseline, CRT, mean; LVEF, Baseline, CRT, SD');
    expect(await list.textContent()).toContain(
      'Fed: Weaning from inotropes, Follow-up, CRT, events; Weaning from inotropes, Follow-up, CRT, total',
    );
  });
});
