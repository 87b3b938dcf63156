// Benchmark of PDF text extraction and import: pdf.js reading every page of the 14-page paper
// (tracemonkey.pdf) in the backend, the median of several runs after a first, cold one (which also
// loads pdf.js); and importing it into a fresh review through the router (read, check, store the
// bytes, the pages and a new study in one transaction).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { readPdf } from '../../../electron/backend/importers/pdf';
import { createRouter } from '../../../electron/backend/router';
import { summary, timeMs, type BenchSuite } from '../suite';

const RUNS = 7;
const paper = readFileSync(new URL('../../fixtures/pdfs/tracemonkey.pdf', import.meta.url));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return Number((sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2).toFixed(2));
}

export const pdfSuite: BenchSuite = {
  name: 'pdf',
  description: `extract the text of the 14-page tracemonkey.pdf (cold, then median of ${RUNS}); import it into a new review through the router (median of ${RUNS})`,
  async run() {
    let pages = 0;
    const coldMs = await timeMs(async () => {
      pages = (await readPdf(paper, { fileName: 'tracemonkey.pdf' })).pageCount;
    });
    if (pages !== 14) throw new Error(`read ${pages} pages, expected 14`);
    const extract: number[] = [];
    for (let i = 0; i < RUNS; i++) extract.push(await timeMs(() => readPdf(paper, { fileName: 'tracemonkey.pdf' })));

    const imports: number[] = [];
    const contentBase64 = paper.toString('base64');
    for (let i = 0; i < RUNS; i++) {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-pdf-'));
      const backend = new Backend({ dataDir, host: 'web' });
      try {
        const router = createRouter(backend);
        const created = await router.handle('review:create', { title: 'Bench' });
        if (!created.ok) throw new Error(created.error.message);
        imports.push(
          await timeMs(async () => {
            const result = await router.handle('document:importPdf', { fileName: 'tracemonkey.pdf', contentBase64 });
            if (!result.ok) throw new Error(result.error.message);
          }),
        );
      } finally {
        backend.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    return {
      pages,
      bytes: paper.length,
      extractColdMs: coldMs,
      ...summary('extract', extract),
      extractPerPageMs: Number((median(extract) / pages).toFixed(2)),
      ...summary('import', imports),
    };
  },
};
