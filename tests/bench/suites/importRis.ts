// Benchmark of a large reference import as `caliper import` runs it: a generated RIS file (100,000
// records, about 1.6 KB each: title, six authors, abstract, DOI, keywords) imported into a new review
// in a process of its own, so the peak memory (maxRSS) is the import's alone, not what earlier
// suites left behind. Also the raw SQLite ceiling for the same records (one plain row each, one
// transaction) and the review file's size against the data's. Aims (issues 9 and 18): peak under
// 300 MB, import within 3x the raw insert time, review file within 1.3x the raw table.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSuite } from '../suite';

const RECORDS = Number(process.env.CALIPER_BENCH_RIS_RECORDS ?? 100_000);
const child = fileURLToPath(new URL('../importRisChild.ts', import.meta.url));

/** A RIS file of `n` distinct records, about 1.6 KB each. */
export function generateRis(n: number): string {
  const out: string[] = [];
  const abstract =
    'Patients were randomised to intervention or control; mortality was 12 of 120 vs 20 of 118 (HR 0.58, 95% CI 0.36 to 0.93). '.repeat(
      9,
    );
  for (let i = 0; i < n; i++) {
    out.push(
      [
        'TY  - JOUR',
        `TI  - Randomised trial ${i} of cardiac resynchronization therapy in heart failure, cohort ${i % 97}`,
        ...Array.from({ length: 6 }, (_, a) => `AU  - Author${(i * 7 + a) % 4999}, Given ${a}`),
        `PY  - ${1990 + (i % 35)}`,
        'JO  - Journal of Cardiac Trials',
        `VL  - ${i % 80}`,
        `IS  - ${i % 12}`,
        `SP  - ${100 + (i % 900)}`,
        `EP  - ${110 + (i % 900)}`,
        `DO  - 10.1000/bench.${i}`,
        `AB  - BACKGROUND: Trial ${i}. ${abstract}`,
        'KW  - cardiac resynchronization therapy',
        `KW  - cohort ${i % 97}`,
        'ER  - ',
        '',
      ].join('\n'),
    );
  }
  return out.join('\n');
}

function runChild(mode: string, file: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', child, mode, file], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
}

export const importRisSuite: BenchSuite = {
  name: 'importRis',
  description: `import a generated ${RECORDS.toLocaleString('en')}-record RIS file as caliper import does, in its own process (peak RSS), against the raw SQLite ceiling (CPU time of the whole import, and of its commit alone)`,
  async run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-ris-'));
    try {
      const file = path.join(dir, 'bench.ris');
      writeFileSync(file, generateRis(RECORDS));
      const fileBytes = statSync(file).size;
      const imported = runChild('import', file);
      const raw = runChild('raw', file);
      const mb = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));
      return {
        records: RECORDS,
        fileMB: mb(fileBytes),
        importMs: Number(imported.importMs!.toFixed(0)),
        importCpuMs: imported.importCpuMs!,
        rawInsertMs: Number(raw.insertMs!.toFixed(0)),
        rawInsertCpuMs: raw.insertCpuMs!,
        importVsRawCpu: Number((imported.importCpuMs! / raw.insertCpuMs!).toFixed(2)),
        commitCpuMs: imported.commitCpuMs!,
        commitVsRawCpu: Number((imported.commitCpuMs! / raw.insertCpuMs!).toFixed(2)),
        peakRssMB: Number(imported.peakRssMB!.toFixed(1)),
        rssBeforeImportMB: Number(imported.rssStartMB!.toFixed(1)),
        reviewMB: mb(imported.reviewBytes!),
        rawTableMB: mb(raw.dbBytes!),
        reviewVsRawSize: Number((imported.reviewBytes! / raw.dbBytes!).toFixed(2)),
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
