// Benchmark of the library at the size of real reviews: 10,000 and 50,000 studies in a review, the
// real interface in Chromium through the web host. For each size: listing every study in the backend
// (study:list through the router); from navigation to the first study row on screen; typing a filter
// and clearing it; sorting by a column; and a study's first edit (a value typed into its form, which
// changes its status and so its row), each with the longest task that blocked the page meanwhile
// (PerformanceObserver "longtask", tasks over 50 ms). Median and minimum of at least five runs.
// Aims at 50,000 studies: first row < 1 s, filter and sort < 100 ms, nothing blocking over 50 ms.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { Backend } from '../../../electron/backend/backend';
import { writeTransaction } from '../../../electron/backend/db/repositories/audit';
import { insertStudy } from '../../../electron/backend/db/repositories/studies';
import { createRouter, type Router } from '../../../electron/backend/router';
import { startHost } from '../../../electron/host/server';
import { launchChromium } from '../../e2e/chromium';
import { MIN_RUNS, samplesMs, summary, type BenchSuite, type Figures } from '../suite';
import { root } from './processes';

const SIZES = [10_000, 50_000];
const FILTER = 'author42';

async function call(router: Router, channel: string, request: unknown): Promise<unknown> {
  const result = await router.handle(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

function addStudies(backend: Backend, n: number): void {
  const { db } = backend.requireReview();
  writeTransaction(db, null, (audit, now) => {
    for (let i = 0; i < n; i++)
      insertStudy(db, audit, now, {
        title: `Randomised trial ${i} of cardiac resynchronization therapy in heart failure, cohort ${i % 97}`,
        authors: [`Author${(i * 7919) % 4999}, A.`, 'Second, B.'],
        year: 1990 + (i % 35),
        journal: 'Journal of Trials',
        abstract: `Study ${i}. Mortality was 12 of 120 vs 20 of 118.`,
      });
  });
}

/**
 * Records every long task in the page from its first script on. (It also defines the helper tsx
 * wraps named functions in, since the functions given to page.evaluate are compiled by it.)
 */
const LONG_TASKS = `
  window.__name = (fn) => fn;
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

/** The longest task (ms) that started at or after `since` (page time), 0 when none was over 50 ms. */
function longestSince(page: Page, since: number): Promise<number> {
  return page.evaluate(
    (t) =>
      Math.max(
        0,
        ...(window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks
          .filter((e) => e.start >= t)
          .map((e) => e.ms),
      ),
    since,
  );
}

/**
 * Types `text` into the filter box as one input event and waits until the library's count line
 * changed and a frame was painted; returns the elapsed time and the page time it started.
 */
function filterTo(page: Page, text: string): Promise<{ ms: number; at: number }> {
  return page.evaluate(async (value) => {
    const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter studies"]')!;
    const count = document.querySelector('.library-count')!;
    const before = count.textContent;
    const at = performance.now();
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise<void>((resolve) => {
      const check = () => (count.textContent !== before ? resolve() : requestAnimationFrame(check));
      check();
    });
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return { ms: performance.now() - at, at };
  }, text);
}

/** Clicks a sort button and waits until the first row changed and a frame was painted. */
function sortBy(page: Page, label: string): Promise<{ ms: number; at: number }> {
  return page.evaluate(async (name) => {
    const first = () => document.querySelector('[role="option"]')?.id;
    const before = first();
    const button = document.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`)!;
    const at = performance.now();
    button.click();
    await new Promise<void>((resolve) => {
      const check = () => (first() !== before ? resolve() : requestAnimationFrame(check));
      check();
    });
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    return { ms: performance.now() - at, at };
  }, label);
}

async function measureSize(n: number, page: Page): Promise<Figures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-library-'));
  const backend = new Backend({ dataDir, host: 'web' });
  const router = createRouter(backend, () => undefined);
  const host = await startHost({ backend, router, rendererDir: path.join(root, 'dist/renderer') });
  try {
    await call(router, 'review:create', { title: `Library of ${n}` });
    await call(router, 'reviewer:create', { name: 'Reviewer A' });
    addStudies(backend, n);
    let listed = 0;
    let listBytes = 0;
    const list = await samplesMs(MIN_RUNS, async () => {
      const rows = (await call(router, 'study:list', {})) as unknown[];
      listed = rows.length;
      listBytes = JSON.stringify(rows).length;
    });
    if (listed !== n) throw new Error(`listed ${listed} studies, not ${n}`);
    // What the library loads: the same rows as columns.
    let columnBytes = 0;
    const columns = await samplesMs(MIN_RUNS, async () => {
      const answer = (await call(router, 'study:columns', {})) as { ids: string[] };
      if (answer.ids.length !== n) throw new Error(`study:columns listed ${answer.ids.length} studies, not ${n}`);
      columnBytes = JSON.stringify(answer).length;
    });

    const options = page.getByRole('listbox', { name: 'Studies' }).getByRole('option');
    const firstRow = await samplesMs(MIN_RUNS, async () => {
      await page.goto(host.url);
      await options.first().waitFor({ timeout: 120_000 });
    });
    const loadLongest = await longestSince(page, 0);
    const inPage = await page.evaluate(() => ({
      options: document.querySelectorAll('[role="option"]').length,
      elements: document.getElementsByTagName('*').length,
    }));

    const filterMs: number[] = [];
    const clearMs: number[] = [];
    let filterLongest = 0;
    for (let i = 0; i < MIN_RUNS; i++) {
      const applied = await filterTo(page, FILTER);
      const cleared = await filterTo(page, '');
      filterMs.push(applied.ms);
      clearMs.push(cleared.ms);
      filterLongest = Math.max(filterLongest, await longestSince(page, applied.at));
    }

    const sortMs: number[] = [];
    let sortLongest = 0;
    const canSort = (await page.getByRole('button', { name: 'Sort by year' }).count()) > 0;
    for (let i = 0; i < (canSort ? MIN_RUNS : 0); i++) {
      // Year ascending, then descending, then back to the library's order.
      for (const step of [0, 1, 2]) {
        const sorted = await sortBy(page, 'Sort by year');
        if (step < 2) sortMs.push(sorted.ms);
        sortLongest = Math.max(sortLongest, await longestSince(page, sorted.at));
      }
    }

    // A study's first edit: typing its country changes its status to "In progress", and its row follows.
    const editMs: number[] = [];
    let editLongest = 0;
    const list_ = page.getByRole('listbox', { name: 'Studies' });
    await options.first().click();
    for (let i = 0; i < MIN_RUNS; i++) {
      await list_.focus();
      await page.keyboard.press('ArrowDown');
      const title = await list_.locator('[aria-selected="true"] .title').textContent();
      // The reader shows the newly selected study and its form has loaded (no country yet).
      await page.waitForFunction(
        (t) =>
          document.querySelector('.reader h2')?.textContent === t &&
          document.querySelector<HTMLInputElement>('input[aria-label="Country"]')?.value === '',
        title,
        { timeout: 60_000 },
      );
      const country = page.getByLabel('Country', { exact: true });
      await country.fill(`Country ${i}`);
      const at = await page.evaluate(() => performance.now());
      const started = Date.now();
      await country.press('Enter');
      await page.waitForFunction(
        () => document.querySelector('[role="option"][aria-selected="true"] .status')?.textContent === 'In progress',
        undefined,
        { polling: 'raf', timeout: 60_000 },
      );
      editMs.push(Date.now() - started);
      editLongest = Math.max(editLongest, await longestSince(page, at));
    }
    const k = `${n / 1000}k`;
    return {
      [`studies${k}`]: n,
      ...summary(`listAll${k}`, list),
      [`listAll${k}MB`]: Number((listBytes / 2 ** 20).toFixed(1)),
      ...summary(`columns${k}`, columns),
      [`columns${k}MB`]: Number((columnBytes / 2 ** 20).toFixed(1)),
      ...summary(`firstRow${k}`, firstRow),
      [`firstLoad${k}LongestTaskMs`]: loadLongest,
      [`optionsInPage${k}`]: inPage.options,
      [`elementsInPage${k}`]: inPage.elements,
      ...summary(`filter${k}`, filterMs),
      ...summary(`clearFilter${k}`, clearMs),
      [`filter${k}LongestTaskMs`]: filterLongest,
      ...(canSort
        ? { ...summary(`sort${k}`, sortMs), [`sort${k}LongestTaskMs`]: sortLongest }
        : { [`sort${k}`]: 'no sorting in this version' }),
      ...summary(`firstEdit${k}`, editMs),
      [`firstEdit${k}LongestTaskMs`]: editLongest,
    };
  } finally {
    await host.close();
    backend.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const librarySuite: BenchSuite = {
  name: 'library',
  description: `the library with ${SIZES.map((n) => n.toLocaleString('en')).join(' and ')} studies in Chromium through the web host: study:list (rows) and study:columns (what the library loads) in the backend, navigation to the first row, filter ("${FILTER}") and clearing it, sort by year, a study's first edit; each with the longest task blocking the page (median and minimum of ≥ 5 runs); aims at 50,000: first row < 1 s, filter and sort < 100 ms, no task over 50 ms`,
  async run() {
    // The interface as the sources are now.
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const browser = await launchChromium();
    try {
      const figures: Figures = {};
      for (const n of SIZES) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        await page.addInitScript(LONG_TASKS);
        Object.assign(figures, await measureSize(n, page));
        await page.close();
      }
      return figures;
    } finally {
      await browser.close();
    }
  },
};
