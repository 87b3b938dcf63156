// Benchmark of a large PDF end to end: a generated 500-page, ~37 MB PDF (text on every page and an
// uncompressed figure) imported as a user imports it, by the built command line in a process of its
// own (`node dist/cli/main.mjs import --create ...`: wall time from spawn to exit, and the process's
// peak resident memory, all threads, as the kernel counts it), with a one-page PDF imported the same
// way for the memory any import costs; then imported again inside this process through the router
// (time and peak RSS sampled every 20 ms, of a process that runs the TypeScript sources through tsx
// and so holds far more than the build's; not what a user sees), then opened in Chromium through the web host (time to the
// first page's text layer: the reader fetches only the ranges it needs), then scrolled through 300
// pages: canvases still holding pixels, and Chromium's JS heap, after the scroll.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backend } from '../../../electron/backend/backend';
import { createRouter } from '../../../electron/backend/router';
import { startHost } from '../../../electron/host/server';
import { launchChromium } from '../../e2e/chromium';
import { makePdf } from '../../helpers/makePdf';
import type { BenchSuite } from '../suite';
import { builtCli } from './processes';

const PAGES = 500;
const SCROLLED = 300;
const root = fileURLToPath(new URL('../../../', import.meta.url));

function largePdf(): Buffer {
  const pages = Array.from({ length: PAGES }, (_, p) =>
    Array.from({ length: 28 }, (_, line) =>
      p === 0 && line === 0
        ? 'A long report of a randomised trial'
        : `Page ${p + 1}, line ${line + 1}: mortality was 12 of 120 (10.0%) vs 20 of 118; LVEF 23.5 +/- 4.3%.`,
    ),
  );
  return makePdf({ pages, info: { Title: 'A long report of a randomised trial' }, imageBytesPerPage: 74_000 });
}

/**
 * Loaded into the command line's process before it starts (`node --import`): at exit, its peak
 * resident memory (process.resourceUsage().maxRSS, in KiB: every thread's, as /usr/bin/time's %M)
 * on standard error, as the last line.
 */
const PRINT_PEAK_RSS = `data:text/javascript,${encodeURIComponent(
  "import { isMainThread } from 'node:worker_threads';" +
    "if (isMainThread) process.on('exit', () => process.stderr.write('\\n' + JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }) + '\\n'));",
)}`;

/** `caliper import --create` of one PDF into a new review, from the build: wall time and peak RSS. */
function importWithCli(cli: string, dir: string, pdfFile: string): { ms: number; peakRssMB: number } {
  const work = mkdtempSync(path.join(dir, 'cli-'));
  const start = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      PRINT_PEAK_RSS,
      cli,
      'import',
      '--create',
      '--review',
      path.join(work, 'bench.caliper'),
      '--data-dir',
      path.join(work, 'data'),
      pdfFile,
    ],
    { encoding: 'utf8' },
  );
  const ms = performance.now() - start;
  const summary = JSON.parse(run.stdout) as { pdfs: { pages: number }[]; errors: { message: string }[] };
  if (run.status !== 0 || summary.pdfs.length !== 1) {
    throw new Error(`caliper import failed (exit ${run.status}): ${summary.errors[0]?.message ?? run.stderr}`);
  }
  const { maxRssKiB } = JSON.parse(run.stderr.trim().split('\n').pop()!) as { maxRssKiB: number };
  return { ms, peakRssMB: maxRssKiB / 1024 };
}

export const pdfLargeSuite: BenchSuite = {
  name: 'pdfLarge',
  description: `import a generated ${PAGES}-page PDF (~37 MB) with the built command line, as a user does (\`node dist/cli/main.mjs import --create\`: time from spawn to exit, the process's peak RSS, aim < 400 MB; and a one-page PDF's for comparison); again through the router inside the bench's tsx process (time, peak RSS); open it in Chromium to its first page; scroll ${SCROLLED} pages (canvases holding pixels, JS heap)`,
  async run() {
    if (!existsSync(path.join(root, 'dist/renderer/index.html'))) {
      execFileSync(
        process.execPath,
        [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
        {
          cwd: root,
          env: { ...process.env, NODE_ENV: 'production' },
        },
      );
    }
    let bytes: Buffer | null = largePdf();
    const pdfMB = Number((bytes.length / 2 ** 20).toFixed(1));
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-pdflarge-'));
    // As a user imports it: the built command line, in a process of its own.
    const pdfFile = path.join(dataDir, 'long-report.pdf');
    writeFileSync(pdfFile, bytes);
    const onePageFile = path.join(dataDir, 'one-page.pdf');
    writeFileSync(onePageFile, makePdf({ pages: [['A one-page report of a randomised trial']] }));
    const cli = builtCli();
    const onePage = importWithCli(cli, dataDir, onePageFile);
    const cliImport = importWithCli(cli, dataDir, pdfFile);
    const backend = new Backend({ dataDir, host: 'web' });
    const router = createRouter(backend, () => undefined);
    const host = await startHost({ backend, router, rendererDir: path.join(root, 'dist/renderer') });
    const browser = await launchChromium();
    try {
      await router.handle('review:create', { title: 'Large PDF bench' });
      (globalThis as { gc?: () => void }).gc?.();
      const rssBeforeMB = process.memoryUsage().rss / 2 ** 20;
      let peak = rssBeforeMB;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 20);
      const started = Date.now();
      const imported = await router.handle('document:importPdf', { fileName: 'long-report.pdf', content: bytes });
      const importMs = Date.now() - started;
      clearInterval(sampler);
      if (!imported.ok) throw new Error(imported.error.message);
      bytes = null;

      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(host.url);
      const option = page.getByRole('listbox', { name: 'Studies' }).getByRole('option').first();
      await option.waitFor();
      const firstPage: number[] = [];
      for (let i = 0; i < 3; i++) {
        await page.reload();
        await option.waitFor();
        const t0 = Date.now();
        await option.click();
        await page.locator('.pdf-page[data-page="1"] .pdf-text span').first().waitFor({ timeout: 60_000 });
        firstPage.push(Date.now() - t0);
      }
      firstPage.sort((a, b) => a - b);
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const heapMB = async () => {
        await cdp.send('HeapProfiler.collectGarbage');
        const { metrics } = (await cdp.send('Performance.getMetrics')) as {
          metrics: { name: string; value: number }[];
        };
        return Number((metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 2 ** 20).toFixed(1));
      };
      const canvases = () =>
        page.evaluate(() => {
          // A canvas never drawn keeps the default 300 × 150 and holds no pixels; a released one is 0 × 0.
          const live = [...document.querySelectorAll('.pdf-page canvas')].filter(
            (c) =>
              (c as HTMLCanvasElement).width > 0 &&
              (c as HTMLCanvasElement).width * (c as HTMLCanvasElement).height !== 300 * 150,
          ) as HTMLCanvasElement[];
          return { count: live.length, pixelMB: live.reduce((s, c) => s + c.width * c.height * 4, 0) / 2 ** 20 };
        });
      const heapAtFirstPageMB = await heapMB();
      for (let n = 2; n <= SCROLLED; n += 2) {
        await page.evaluate((p) => document.querySelector(`.pdf-page[data-page="${p}"]`)?.scrollIntoView(), n);
        await page.waitForTimeout(15);
      }
      await page.locator(`.pdf-page[data-page="${SCROLLED}"] .pdf-text span`).first().waitFor({ timeout: 60_000 });
      const after = await canvases();
      const heapAfterScrollMB = await heapMB();
      return {
        pages: PAGES,
        pdfMB,
        importMs,
        importRssBeforeMB: Math.round(rssBeforeMB),
        importPeakRssMB: Math.round(peak),
        cliImportMs: Math.round(cliImport.ms),
        cliImportPeakRssMB: Math.round(cliImport.peakRssMB),
        cliOnePageImportPeakRssMB: Math.round(onePage.peakRssMB),
        firstPageMedianMs: firstPage[1]!,
        firstPageFastestMs: firstPage[0]!,
        heapAtFirstPageMB,
        pagesScrolled: SCROLLED,
        canvasesWithPixelsAfterScroll: after.count,
        canvasPixelMBAfterScroll: Number(after.pixelMB.toFixed(1)),
        heapAfterScrollMB,
      };
    } finally {
      await browser.close();
      await host.close();
      backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
