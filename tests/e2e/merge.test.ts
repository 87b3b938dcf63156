// File > Merge reviewer work… in Chromium against the web host: a copy of the sample review is saved
// through the menu, reviewer B extracts in the copy (as on another computer: its own backend), and B's
// work is merged back through the dialog; then B changes a value in the copy and the dialog lists the
// conflict and refuses to merge.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testBackend } from '../helpers/temp';
import { e2eSession } from './session';

const session = e2eSession('merge', { width: 1280, height: 800 });
const studies = () => session.page.getByRole('listbox', { name: 'Studies' }).getByRole('option');

/** B's work in the copy, written through the services of a backend of its own. */
async function extractInCopy(copyPath: string, country: string) {
  const other = testBackend();
  await other.router.invoke('review:open', { path: copyPath });
  const { reviewers } = await other.router.invoke('reviewer:list', {});
  const b = reviewers.find((r) => r.name === 'B') ?? (await other.router.invoke('reviewer:create', { name: 'B' }));
  await other.router.invoke('reviewer:setCurrent', { id: b.id });
  const study = (await other.router.invoke('study:list', {}))[0]!;
  const form = await other.router.invoke('form:get', {});
  const fieldId = form.fields.find((f) => f.label === 'Country')!.id;
  await other.router.invoke('extraction:write', {
    studyId: study.id,
    writes: [{ target: { kind: 'field', fieldId }, state: 'value', value: country }],
  });
  await other.router.invoke('extraction:setStatus', { studyId: study.id, status: 'complete' });
  await other.router.invoke('review:close', {});
}

async function openMergeDialog(copyPath: string) {
  await session.page.getByRole('button', { name: 'File' }).click();
  await session.page.getByRole('menuitem', { name: 'Merge reviewer work…' }).click();
  const dialog = session.page.getByRole('dialog', { name: 'Merge reviewer work' });
  await dialog.getByLabel('Copy’s file path').fill(copyPath);
  await dialog.getByRole('button', { name: 'Read copy' }).click();
  await dialog.getByRole('radio', { name: /^B/ }).check();
  return dialog;
}

describe('merging a reviewer’s work from the File menu', () => {
  let copyPath = '';

  it('saves a copy of the sample review, in which B extracts elsewhere', async () => {
    await session.page.goto(session.url);
    await expect.poll(() => studies().count()).toBe(4);
    await session.page.getByRole('button', { name: 'File' }).click();
    await session.page.getByRole('menuitem', { name: 'Save a copy…' }).click();
    const dialog = session.page.getByRole('dialog', { name: 'Save a copy' });
    copyPath = await dialog.getByLabel("Copy's file path").inputValue();
    await dialog.getByRole('button', { name: 'Save copy' }).click();
    await expect.poll(() => existsSync(copyPath)).toBe(true);
    expect(path.basename(copyPath)).toMatch(/ copy\.caliper$/);
    await extractInCopy(copyPath, 'Norway');
  });

  it('previews B’s work and merges it, adding B as a reviewer', async () => {
    const dialog = await openMergeDialog(copyPath);
    const preview = dialog.getByRole('form', { name: 'Merge preview' });
    await expect
      .poll(() => preview.getByRole('status').textContent())
      .toMatch(/^Merging brings in 1 value, 0 highlights, 1 status in 1 study\. B will be added as a reviewer\./);
    await preview.getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await expect
      .poll(() => session.page.locator('.notice').textContent())
      .toMatch(/^Merged B’s work from .*: 1 value, 0 highlights, 1 status in 1 study \(B was added as a reviewer\)\./);
    await expect
      .poll(() => session.page.getByLabel('Current reviewer').locator('option').allTextContents())
      .toContain('B');
  });

  it('lists a conflicting value and does not merge', async () => {
    await extractInCopy(copyPath, 'Sweden');
    const dialog = await openMergeDialog(copyPath);
    const conflicts = dialog.getByRole('list', { name: 'Conflicts' });
    await expect
      .poll(() => conflicts.getByRole('listitem').allTextContents())
      .toEqual([expect.stringMatching(/, Country: B's value in the copy differs from their value here\.$/)]);
    expect(await dialog.getByRole('status').textContent()).toMatch(/^Nothing can be merged: 1 conflict/);
    expect(await dialog.getByRole('button', { name: 'Merge' }).isDisabled()).toBe(true);
    expect(await dialog.textContent()).not.toMatch(/Sweden|Norway/);
    await dialog.getByRole('button', { name: 'Cancel' }).first().click();
  });
});
