// Benchmark of reference import: a generated 20,000-record PubMed/MEDLINE file (wrapped titles and
// abstracts, six authors, DOI, keywords) previewed and committed into a new review through the
// router, as the renderer does (bytes as base64). Aim: under 5 s on a 2-core machine.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { createRouter } from '../../../electron/backend/router';
import type { ImportPreview, ImportSummary } from '../../../shared/model/imports';
import { MIN_RUNS, summary, timeMs, type BenchSuite } from '../suite';

const RECORDS = 20_000;

function wrap(tag: string, text: string): string {
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += 72) lines.push(text.slice(i, i + 72));
  return [`${tag.padEnd(4)}- ${lines[0]}`, ...lines.slice(1).map((l) => `      ${l}`)].join('\n');
}

/** A MEDLINE file of `n` distinct records, about 1.5 KB each. */
export function generateMedline(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const authors = Array.from(
      { length: 6 },
      (_, a) => `FAU - Author${(i * 7 + a) % 4999}, Given ${a}\nAU  - Author${(i * 7 + a) % 4999} G`,
    );
    out.push(
      [
        `PMID- ${30_000_000 + i}`,
        'OWN - NLM',
        'STAT- MEDLINE',
        wrap(
          'TI',
          `Randomised trial ${i} of cardiac resynchronization therapy in patients with heart failure and a wide QRS complex, cohort ${i % 97}.`,
        ),
        wrap(
          'AB',
          `BACKGROUND: Trial ${i}. ${'Patients were randomised to intervention or control; mortality was 12 of 120 vs 20 of 118 (HR 0.58, 95% CI 0.36 to 0.93). '.repeat(8)}`,
        ),
        ...authors,
        'LA  - eng',
        'PT  - Journal Article',
        'PT  - Randomized Controlled Trial',
        `DP  - ${1990 + (i % 35)} Sep`,
        `VI  - ${i % 80}`,
        `IP  - ${i % 12}`,
        `PG  - ${100 + (i % 900)}-${110 + (i % 900)}`,
        `LID - 10.1000/bench.${i} [doi]`,
        'JT  - Journal of Cardiac Trials',
        'TA  - J Card Trials',
        'OT  - cardiac resynchronization therapy',
        'OT  - heart failure',
        `OT  - cohort ${i % 97}`,
        '',
      ].join('\n'),
    );
  }
  return out.join('\n');
}

interface ImportRun {
  previewMs: number;
  commitMs: number;
  rssBefore: number;
  peakRss: number;
}

/** Previews and commits the file into a new review; tracks the process's resident memory meanwhile. */
async function importOnce(contentBase64: string): Promise<ImportRun> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-'));
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  try {
    const backend = new Backend({ dataDir, host: 'web' });
    const router = createRouter(backend);
    const created = await router.handle('review:create', { title: 'Bench import' });
    if (!created.ok) throw new Error(created.error.message);
    const rssBefore = process.memoryUsage().rss;
    let preview: ImportPreview | undefined;
    let summary: ImportSummary | undefined;
    const previewMs = await timeMs(async () => {
      const result = await router.handle('source:previewImport', { fileName: 'bench.nbib', contentBase64 });
      if (!result.ok) throw new Error(result.error.message);
      preview = result.value as ImportPreview;
    });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const commitMs = await timeMs(async () => {
      const result = await router.handle('source:commitImport', { previewId: preview!.previewId });
      if (!result.ok) throw new Error(result.error.message);
      summary = result.value as ImportSummary;
    });
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    backend.close();
    if (summary?.imported !== RECORDS) throw new Error(`imported ${summary?.imported}, expected ${RECORDS}`);
    return { previewMs, commitMs, rssBefore, peakRss };
  } finally {
    clearInterval(sampler);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const importMedlineSuite: BenchSuite = {
  name: 'importMedline',
  description: `preview and commit a generated ${RECORDS.toLocaleString('en')}-record MEDLINE file into a new review through the router (median and minimum of ${MIN_RUNS} runs; memory of the first run, in the suite's own process)`,
  async run() {
    const text = generateMedline(RECORDS);
    const contentBase64 = Buffer.from(text, 'utf8').toString('base64');
    const runs: ImportRun[] = [];
    for (let i = 0; i < MIN_RUNS; i++) runs.push(await importOnce(contentBase64));
    const mb = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));
    return {
      records: RECORDS,
      fileMB: mb(Buffer.byteLength(text)),
      ...summary(
        'preview',
        runs.map((r) => r.previewMs),
      ),
      ...summary(
        'commit',
        runs.map((r) => r.commitMs),
      ),
      ...summary(
        'total',
        runs.map((r) => r.previewMs + r.commitMs),
      ),
      rssBeforeFirstRunMB: mb(runs[0]!.rssBefore),
      peakRssFirstRunMB: mb(runs[0]!.peakRss),
    };
  },
};
