// A new user's first session, in Chromium against the web host and a real review file: the sample
// review, a new review, a study added by paste, reviewers A and B, moving through studies with the
// keyboard, a refused file, and everything found again after the host restarts.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eSession } from './session';
import { selectText } from './select';

const ABSTRACT = [
  'Background: Cardiac resynchronization therapy in end-stage heart failure.',
  'Results: LV ejection fraction increased (23.5 +/- 4.3% to 32.0 +/- 9.1%; p <0.05).',
  'Inotropic therapy was discontinued in 9 of 10 patients.',
].join('\n');

const session = e2eSession('workbench', { width: 1280, height: 800 });

const studies = () => session.page.getByRole('listbox', { name: 'Studies' }).getByRole('option');
const reader = () => session.page.getByRole('region', { name: 'Reader' });

describe('a reviewer’s first session', () => {
  it('opens on the sample review with its four studies', async () => {
    await session.page.goto(session.url);
    await expect.poll(() => studies().count()).toBe(4);
    expect(await session.page.locator('.app-title').textContent()).toMatch(/^Sample review/);
    expect(session.page.url()).not.toContain('token=');
    await studies().filter({ hasText: 'Hernandez' }).click();
    await expect.poll(() => reader().textContent()).toContain('The study analyzed 8 studies including 151 patients.');
  });

  it('creates a new review from the File menu', async () => {
    await session.page.getByRole('button', { name: 'File' }).click();
    await session.page.getByRole('menuitem', { name: 'New review…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'New review' });
    await dialog.getByLabel('Review title').fill('CRT in inotrope-dependent heart failure');
    await dialog.getByRole('button', { name: 'Create review' }).click();
    await expect
      .poll(() => session.page.locator('.app-title').textContent())
      .toBe('CRT in inotrope-dependent heart failure');
    await expect.poll(() => studies().count()).toBe(0);
  });

  it('adds studies by pasting their abstracts', async () => {
    for (const [title, authors, year, abstract] of [
      ['CRT in end-stage inotrope-dependent class IV heart failure', 'James KB\nMiller P', '2007', ABSTRACT],
      [
        'CRT in stage 4 chronic kidney disease',
        'Hoogslag GE',
        '2015',
        'This study evaluated 73 consecutive CRT patients (71610 years).',
      ],
    ]) {
      await session.page.getByRole('button', { name: 'Add study…' }).click();
      const dialog = session.page.getByRole('dialog', { name: 'Add study' });
      await dialog.getByLabel('Title').fill(title!);
      await dialog.getByLabel('Authors (one per line)').fill(authors!);
      await dialog.getByLabel('Year').fill(year!);
      await dialog.getByLabel('Abstract (pasted)').fill(abstract!);
      await dialog.getByRole('button', { name: 'Add study' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
    }
    await expect.poll(() => studies().count()).toBe(2);
    expect(await studies().first().textContent()).toContain('Hoogslag');
    await studies().filter({ hasText: 'James' }).click();
    await expect.poll(() => reader().getByRole('article', { name: 'Abstract' }).textContent()).toBe(ABSTRACT);
  });

  it('moves through studies with Up and Down', async () => {
    await session.page.getByRole('listbox', { name: 'Studies' }).focus();
    await session.page.keyboard.press('ArrowUp');
    await expect.poll(() => reader().getByRole('heading').textContent()).toBe('CRT in stage 4 chronic kidney disease');
    await session.page.keyboard.press('ArrowDown');
    await expect
      .poll(() => reader().getByRole('heading').textContent())
      .toBe('CRT in end-stage inotrope-dependent class IV heart failure');
  });

  it('moves through studies with Up and Down from the reader too', async () => {
    await reader().click();
    await session.page.keyboard.press('ArrowUp');
    await expect.poll(() => reader().getByRole('heading').textContent()).toBe('CRT in stage 4 chronic kidney disease');
    await session.page.keyboard.press('ArrowDown');
    await expect
      .poll(() => reader().getByRole('heading').textContent())
      .toBe('CRT in end-stage inotrope-dependent class IV heart failure');
  });

  it('refuses an abstract over 5 MB with the reason, keeping what was typed', async () => {
    await session.page.getByRole('button', { name: 'Add study…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Add study' });
    await dialog.getByLabel('Title').fill('An enormous paste');
    await dialog.getByLabel('Abstract (pasted)').evaluate(
      (el, size) => {
        const area = el as HTMLTextAreaElement;
        const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
        setter.call(area, 'x'.repeat(size));
        area.dispatchEvent(new Event('input', { bubbles: true }));
      },
      6 * 1024 * 1024,
    );
    await dialog.getByRole('button', { name: 'Add study' }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toMatch(/the pasted abstract is 6\.0 MB; the limit is 5\.0 MB/);
    expect(await dialog.getByLabel('Title').inputValue()).toBe('An enormous paste');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => studies().count()).toBe(2);
  });

  it('filters the library', async () => {
    await session.page.getByRole('searchbox', { name: 'Filter studies' }).fill('kidney');
    await expect.poll(() => studies().count()).toBe(1);
    await session.page.getByRole('searchbox', { name: 'Filter studies' }).fill('');
    await expect.poll(() => studies().count()).toBe(2);
  });

  it('creates reviewers A and B and switches between them', async () => {
    for (const name of ['Reviewer A', 'Reviewer B']) {
      await session.page.getByRole('button', { name: 'New reviewer…' }).click();
      const dialog = session.page.getByRole('dialog', { name: 'New reviewer' });
      await dialog.getByLabel('Reviewer name').fill(name);
      await dialog.getByRole('button', { name: 'Add reviewer' }).click();
      await expect.poll(() => dialog.count()).toBe(0);
    }
    const current = session.page.getByRole('combobox', { name: 'Current reviewer' });
    await expect.poll(() => current.locator('option:checked').textContent()).toBe('Reviewer B');
    await current.selectOption({ label: 'Reviewer A' });
    await expect.poll(() => current.locator('option:checked').textContent()).toBe('Reviewer A');
  });

  it('highlights a selection in the abstract in the reviewer’s colour', async () => {
    await studies().filter({ hasText: 'James' }).click();
    const abstract = reader().getByRole('article', { name: 'Abstract' });
    await expect.poll(() => abstract.textContent()).toBe(ABSTRACT);
    await selectText(abstract, '9 of 10');
    await session.page.getByRole('button', { name: 'Highlight selection' }).click();
    await session.page.getByRole('tab', { name: /^Highlights/ }).click();
    const list = session.page.getByRole('region', { name: 'Highlights' });
    await expect.poll(() => list.getByRole('button', { name: 'Go to highlight “9 of 10”' }).count()).toBe(1);
    expect(await abstract.locator('.hl').allTextContents()).toEqual(['9 of 10']);
    expect(await abstract.locator('.hl').getAttribute('class')).toMatch(/hl-0/);
  });

  it('refuses a file that is not a review with a message naming it', async () => {
    const bogus = path.join(session.dataDir, 'notes.caliper');
    writeFileSync(bogus, 'these are my notes, not a review');
    await session.page.getByRole('button', { name: 'File' }).click();
    await session.page.getByRole('menuitem', { name: 'Open review…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Open review' });
    await dialog.getByLabel('Review file path').fill(bogus);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toMatch(/"notes\.caliper" is not a Caliper review/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await session.page.locator('.app-title').textContent()).toBe('CRT in inotrope-dependent heart failure');
  });

  it('finds everything again after the host restarts', async () => {
    await session.restart();
    await session.page.goto(session.url);
    await expect
      .poll(() => session.page.locator('.app-title').textContent())
      .toBe('CRT in inotrope-dependent heart failure');
    await expect.poll(() => studies().count()).toBe(2);
    const current = session.page.getByRole('combobox', { name: 'Current reviewer' });
    expect(await current.locator('option:checked').textContent()).toBe('Reviewer A');
    expect(await current.locator('option').allTextContents()).toEqual(['Reviewer A', 'Reviewer B']);
    await studies().filter({ hasText: 'James' }).click();
    await expect.poll(() => reader().getByRole('article', { name: 'Abstract' }).textContent()).toBe(ABSTRACT);
    await expect.poll(() => reader().locator('.hl').allTextContents()).toEqual(['9 of 10']);
    await session.page.getByRole('tab', { name: /^Highlights/ }).click();
    const list = session.page.getByRole('region', { name: 'Highlights' });
    await list.getByRole('button', { name: 'Go to highlight “9 of 10”' }).click();
    await expect.poll(() => reader().locator('.hl.flash').count()).toBe(1);
  });

  it('gives every control an accessible name', async () => {
    const unnamed = await session.page.evaluate(() => {
      const controls = [
        ...document.querySelectorAll('button, input, select, textarea, [role="listbox"], [role="option"]'),
      ];
      return controls
        .filter((el) => {
          const label =
            el.getAttribute('aria-label') ||
            el.getAttribute('aria-labelledby') ||
            (el as HTMLElement).innerText?.trim() ||
            (el.id && document.querySelector(`label[for="${el.id}"]`)) ||
            el.closest('label');
          return !label;
        })
        .map((el) => el.outerHTML.slice(0, 80));
    });
    expect(unnamed).toEqual([]);
  });
});
