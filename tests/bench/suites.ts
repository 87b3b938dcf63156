// Every benchmark suite `npm run bench` runs, in order. `npm run bench -- NAME` runs one.
import type { BenchSuite } from './suite';
import { reviewFileSuite } from './suites/reviewFile';
import { reviewOpenSuite } from './suites/reviewOpen';
import { recogniserSuite } from './suites/recogniser';
import { poolingSuite } from './suites/pooling';
import { pdfSuite } from './suites/pdf';
import { importMedlineSuite } from './suites/importMedline';
import { importRisSuite } from './suites/importRis';
import { pdfViewerSuite } from './suites/pdfViewer';
import { pdfLargeSuite } from './suites/pdfLarge';
import { extractionSuite } from './suites/extraction';
import { cliSuite } from './suites/cli';
import { librarySuite } from './suites/library';
import { analysisSuite } from './suites/analysis';
import { exportsSuite } from './suites/exports';
import { reconcileSuite } from './suites/reconcile';
import { rm5Suite } from './suites/rm5';
import { reviewJsonSuite } from './suites/reviewJson';

export const suites: BenchSuite[] = [
  reviewFileSuite,
  reviewOpenSuite,
  recogniserSuite,
  poolingSuite,
  cliSuite,
  pdfSuite,
  pdfViewerSuite,
  pdfLargeSuite,
  importMedlineSuite,
  importRisSuite,
  extractionSuite,
  librarySuite,
  analysisSuite,
  exportsSuite,
  reconcileSuite,
  rm5Suite,
  reviewJsonSuite,
];
