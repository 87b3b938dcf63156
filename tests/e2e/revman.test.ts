// File > New review from RevMan file… in Chromium against the web host: the small RevMan file becomes a
// new review, opened, with its studies in the library and a notice of what was imported.
import { describe, expect, it } from 'vitest';
import { e2eSession, fixture } from './session';

const session = e2eSession('revman', { width: 1400, height: 900 });

describe('a new review from a RevMan file', () => {
  it('opens the new review with its studies and says what was imported', async () => {
    await session.page.goto(session.url);
    await session.page.getByRole('button', { name: 'File' }).click();
    await expect
      .poll(() => session.page.getByRole('menuitem', { name: 'New review from RevMan file…' }).count())
      .toBe(1);
    await session.page.getByLabel('RevMan file').setInputFiles(fixture('rm5/small-review.rm5'));
    await expect
      .poll(() => session.page.locator('.app-title').textContent())
      .toBe('A small review for testing RevMan import');
    // The list is virtualised (only the rows in view are in the page): the count line says how many.
    await expect.poll(() => session.page.locator('.library-count').textContent()).toBe('38 studies');
    await expect
      .poll(() =>
        session.page.getByRole('listbox', { name: 'Studies' }).getByRole('option').first().getAttribute('aria-setsize'),
      )
      .toBe('38');
    expect(await session.page.getByRole('status').first().textContent()).toMatch(
      /38 studies, 8 analyses imported from small-review\.rm5/,
    );
  });
});
