// Benchmark of RevMan 5 files: a generated .rm5 of 2,000 studies in 20 dichotomous outcomes (Mantel-Haenszel,
// random effects, 500 studies each, two subgroups), its size; the time to read it (parse and check), to
// import it into a new review (studies, arms, consensus values, analyses), and to export that review back
// to .rm5 (pooling all 20 analyses). Median and minimum of 5 runs.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Backend } from '../../../electron/backend/backend';
import { rm5Format } from '../../../electron/backend/services/exports/rm5';
import { importRm5, readRm5File } from '../../../electron/backend/services/rm5/import';
import { samplesMs, summary, type BenchSuite } from '../suite';

const STUDIES = 2000;
const OUTCOMES = 20;
const PER_OUTCOME = 500;
const RUNS = 5;

function generated(): string {
  const studies = Array.from(
    { length: STUDIES },
    (_, i) =>
      `<STUDY ID="STD-${i}" NAME="Trialist ${i} &amp; co ${1990 + (i % 30)}" YEAR="${1990 + (i % 30)}"><IDENTIFIERS/></STUDY>`,
  );
  const outcomes = Array.from({ length: OUTCOMES }, (_, o) => {
    const rows = Array.from({ length: PER_OUTCOME }, (_, j) => {
      const s = (o * 97 + j * 3) % STUDIES;
      const n1 = 40 + ((s * 7) % 200),
        n2 = 40 + ((s * 11) % 200);
      return `<DICH_DATA EVENTS_1="${(s * 5) % n1}" EVENTS_2="${(s * 3 + 7) % n2}" STUDY_ID="STD-${s}" TOTAL_1="${n1}" TOTAL_2="${n2}"/>`;
    });
    const half = PER_OUTCOME / 2;
    return [
      `<DICH_OUTCOME CI_TOTAL="95" EFFECT_MEASURE="RR" ID="CMP-001.${o + 1}" METHOD="MH" NO="${o + 1}" RANDOM="YES" SUBGROUPS="YES">`,
      `<NAME>Outcome ${o + 1}</NAME><GROUP_LABEL_1>Treatment</GROUP_LABEL_1><GROUP_LABEL_2>Control</GROUP_LABEL_2>`,
      `<DICH_SUBGROUP NO="1"><NAME>First</NAME>${rows.slice(0, half).join('\n')}</DICH_SUBGROUP>`,
      `<DICH_SUBGROUP NO="2"><NAME>Second</NAME>${rows.slice(half).join('\n')}</DICH_SUBGROUP>`,
      '</DICH_OUTCOME>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="ISO-8859-1" standalone="no"?>',
    '<COCHRANE_REVIEW><COVER_SHEET><TITLE>Bench review</TITLE></COVER_SHEET>',
    `<STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES>\n${studies.join('\n')}\n</INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES>`,
    `<ANALYSES_AND_DATA><COMPARISON ID="CMP-001" NO="1"><NAME>Treatment versus control</NAME>\n${outcomes.join('\n')}\n</COMPARISON></ANALYSES_AND_DATA>`,
    '</COCHRANE_REVIEW>',
  ].join('\n');
}

export const rm5Suite: BenchSuite = {
  name: 'rm5',
  description: `RevMan 5 file of ${STUDIES} studies in ${OUTCOMES} dichotomous outcomes (${PER_OUTCOME} studies each, MH random, 2 subgroups): read, import into a new review, export the review to .rm5`,
  async run() {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'caliper-bench-rm5-'));
    try {
      const file = path.join(dir, 'bench.rm5');
      writeFileSync(file, generated(), 'latin1');
      const read = await samplesMs(RUNS, () => readRm5File(file), 1);
      const backend = new Backend({ dataDir: dir, host: 'web' });
      const imports = await samplesMs(RUNS, (i) =>
        importRm5(backend.context(), { rm5Path: file, reviewPath: path.join(dir, `r${i + 1}.caliper`) }),
      );
      const exports = await samplesMs(RUNS, (i) =>
        rm5Format.write(backend.context(), path.join(dir, `out${i}.rm5`), { layer: 'consensus', studies: 'all' }),
      );
      const figures = {
        fileBytes: statSync(file).size,
        exportedBytes: statSync(path.join(dir, 'out0.rm5')).size,
        ...summary('read', read),
        ...summary('import', imports),
        ...summary('export', exports),
      };
      backend.close();
      return figures;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
