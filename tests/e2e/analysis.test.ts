// Analyses in Chromium against the web host and the sample review: its consensus values feed a new
// analysis with the defaults of its outcome, the forest plot is drawn, a click on a study's row lists
// the values behind it and opens the reader at the highlighted text; the plot exports as SVG and the
// analysis as an R script.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { e2eSession } from './session';

const session = e2eSession('analysis', { width: 1600, height: 950 });
const panel = () => session.page.getByRole('region', { name: 'Extraction' });
const forest = () => session.page.getByRole('figure', { name: 'Forest plot' });

describe('analysing the sample review', () => {
  it('lists the sample analyses, whose consensus values are pooled', async () => {
    await session.page.goto(session.url);
    await panel().getByRole('tab', { name: 'Analyses' }).click();
    const select = panel().getByRole('combobox', { name: 'Analysis' });
    await expect.poll(() => select.locator('option').allTextContents()).toContain('Weaning from inotropes');
    await expect
      .poll(() => panel().getByLabel('Result').textContent())
      .toMatch(/Proportion, IV, random \(REML\), 95% CI: 0\.90 \[0\.71, 1\.09\], k = 1/);
  });

  it('creates a new analysis of an outcome with its defaults and shows its forest plot', async () => {
    await panel().getByRole('button', { name: 'New analysis…' }).click();
    const form = panel().getByRole('form', { name: 'New analysis' });
    await form.getByLabel('Outcome').selectOption({ label: 'LV end-systolic volume' });
    await form.getByLabel('Timepoint').selectOption({ label: 'Follow-up' });
    await form.getByRole('button', { name: 'Create analysis' }).click();
    await expect
      .poll(() => panel().getByRole('combobox', { name: 'Analysis' }).locator('option:checked').textContent())
      .toBe('LV end-systolic volume, Follow-up');
    expect(await panel().getByLabel('Measure').inputValue()).toBe('MN');
    expect(await panel().getByLabel('Model').inputValue()).toBe('random');
    await expect
      .poll(() => panel().getByLabel('Result').textContent())
      .toMatch(/^Mean, IV, random \(REML\), 95% CI: 14\d\.\d\d \[1\d\d\.\d\d, 1\d\d\.\d\d\], k = 2$/);
    expect(await forest().locator('svg').count()).toBe(1);
    expect(await forest().textContent()).toContain('Total (95% CI)');
    expect(await forest().locator('[data-study]').count()).toBe(2);
  });

  it('opens the values behind a row, and from a value the reader at its highlighted text', async () => {
    await forest().locator('[data-study]').filter({ hasText: '2015' }).locator('text').first().click();
    const values = panel().getByRole('region', { name: /^Values of Cardiac resynchronization therapy in 2015/ });
    await expect.poll(() => values.textContent()).toContain('CRT mean: 145');
    await values.getByRole('button', { name: 'Show “145678” in the reader' }).first().click();
    const selected = session.page.getByRole('listbox', { name: 'Studies' }).getByRole('option', { selected: true });
    await expect.poll(() => selected.textContent()).toContain('2015');
    const reader = session.page.getByRole('region', { name: 'Reader' });
    const mark = reader.locator('[data-highlight-id]').filter({ hasText: /^145678$/ });
    await expect.poll(() => mark.count()).toBe(1);
    await expect.poll(() => mark.isVisible()).toBe(true);
    const box = (await mark.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(950);
  });

  it('shades the funnel plot’s significance contours when asked, around the line of no effect', async () => {
    const funnel = () => panel().getByRole('figure', { name: 'Funnel plot' });
    const contours = () => panel().getByRole('checkbox', { name: /Significance contours/ });
    await panel().getByRole('tab', { name: 'Funnel plot' }).click();
    // A one-group mean has no line of no effect: nothing to shade around.
    expect(await contours().isDisabled()).toBe(true);
    await panel()
      .getByRole('combobox', { name: 'Analysis' })
      .selectOption({ label: 'LV end-systolic volume, change from baseline' });
    await expect.poll(() => contours().isDisabled()).toBe(false);
    const shaded = () => funnel().locator('path[fill="#a0aec0"]').count();
    expect(await shaded()).toBe(0);
    await contours().click();
    await expect.poll(shaded).toBe(1);
    // Stored with the analysis: it is still on when the analysis is chosen again.
    await panel()
      .getByRole('combobox', { name: 'Analysis' })
      .selectOption({ label: 'LV end-systolic volume at follow-up' });
    await expect.poll(() => contours().isDisabled()).toBe(true);
    await panel()
      .getByRole('combobox', { name: 'Analysis' })
      .selectOption({ label: 'LV end-systolic volume, change from baseline' });
    await expect.poll(() => contours().isChecked()).toBe(true);
    await contours().click();
    await expect.poll(shaded).toBe(0);
    await panel()
      .getByRole('combobox', { name: 'Analysis' })
      .selectOption({ label: 'LV end-systolic volume, Follow-up' });
    await panel().getByRole('tab', { name: 'Forest plot' }).click();
  });

  it('exports the forest plot as SVG and the analysis as an R script', async () => {
    const svgDownload = session.page.waitForEvent('download');
    await panel().getByRole('button', { name: 'Export SVG' }).click();
    const svg = await svgDownload;
    expect(svg.suggestedFilename()).toBe('LV end-systolic volume Follow-up - forest.svg');
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).toContain('Total (95% CI)');
    expect(svgText.match(/data-study=/g)).toHaveLength(2);
    const rDownload = session.page.waitForEvent('download');
    await panel().getByRole('button', { name: 'Export R script' }).click();
    const r = readFileSync((await (await rDownload).path())!, 'utf8');
    expect(r).toContain('escalc(measure = "MN"');
    expect(r).toContain('rma(yi, vi, data = dat, method = "REML"');
  });
});
