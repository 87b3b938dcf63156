// Runs axe-core (the accessibility rules engine) on the page as it is and returns its serious and
// critical violations, each with the elements it found, so a failing test says what to fix.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeProblem {
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

export async function seriousViolations(page: Page): Promise<AxeProblem[]> {
  // Evaluated over the DevTools protocol, so the page's Content-Security-Policy does not apply.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(source);
  const options: RunOptions = { resultTypes: ['violations'] };
  return page.evaluate(async (runOptions) => {
    const axe = (window as unknown as { axe: { run: (context: Document, o: RunOptions) => Promise<AxeResults> } }).axe;
    const result = await axe.run(document, runOptions);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        rule: v.id,
        impact: v.impact!,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
      }));
  }, options);
}
