// Benchmark of the reader: open a generated 300-page PDF in Chromium (through the web host, as a
// reviewer would) and time how long until its first page is rendered with its text layer; pages
// are rendered lazily, so the figure should not grow with the page count.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backend } from '../../../electron/backend/backend';
import { createRouter } from '../../../electron/backend/router';
import { startHost } from '../../../electron/host/server';
import { launchChromium } from '../../e2e/chromium';
import { makePdf } from '../../helpers/makePdf';
import type { BenchSuite } from '../suite';

const PAGES = 300;
const root = fileURLToPath(new URL('../../../', import.meta.url));

function generatedPdf(): Buffer {
  const pages = Array.from({ length: PAGES }, (_, p) =>
    Array.from({ length: 28 }, (_, line) =>
      p === 0 && line === 0
        ? 'A long report of a randomised trial'
        : `Page ${p + 1}, line ${line + 1}: mortality was 12 of 120 (10.0%) vs 20 of 118; LVEF 23.5 +/- 4.3%.`,
    ),
  );
  return makePdf({ pages, info: { Title: 'A long report of a randomised trial' } });
}

export const pdfViewerSuite: BenchSuite = {
  name: 'pdfViewer',
  description: `open a generated ${PAGES}-page PDF in Chromium to its first rendered page (canvas and text layer)`,
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
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-pdf-'));
    const backend = new Backend({ dataDir, host: 'web' });
    const router = createRouter(backend, () => undefined);
    const host = await startHost({ backend, router, rendererDir: path.join(root, 'dist/renderer') });
    const browser = await launchChromium();
    try {
      await router.handle('review:create', { title: 'PDF bench' });
      const bytes = generatedPdf();
      const imported = await router.handle('document:importPdf', {
        fileName: 'long-report.pdf',
        contentBase64: bytes.toString('base64'),
      });
      if (!imported.ok) throw new Error(imported.error.message);
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(host.url);
      await page.getByRole('listbox', { name: 'Studies' }).getByRole('option').first().waitFor();
      const runs: number[] = [];
      let renderedPages = 0;
      for (let i = 0; i < 5; i++) {
        // Leave the study and come back: each run fetches, opens and renders the PDF afresh.
        await page.reload();
        await page.getByRole('listbox', { name: 'Studies' }).getByRole('option').first().waitFor();
        const started = Date.now();
        await page.getByRole('listbox', { name: 'Studies' }).getByRole('option').first().click();
        await page.locator('.pdf-page[data-page="1"] .pdf-text span').first().waitFor({ timeout: 60_000 });
        runs.push(Date.now() - started);
        renderedPages = await page.locator('.pdf-text span:first-child').count();
      }
      runs.sort((a, b) => a - b);
      return {
        pages: PAGES,
        pdfMB: Number((bytes.length / 2 ** 20).toFixed(2)),
        firstPageMedianMs: runs[2]!,
        firstPageFastestMs: runs[0]!,
        firstPageSlowestMs: runs[4]!,
        pagesRenderedAtFirstPaint: renderedPages,
      };
    } finally {
      await browser.close();
      await host.close();
      backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
