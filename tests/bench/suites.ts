// Every benchmark suite `npm run bench` runs, in order. `npm run bench -- NAME` runs one.
import type { BenchSuite } from './suite';
import { reviewFileSuite } from './suites/reviewFile';
import { recogniserSuite } from './suites/recogniser';
import { poolingSuite } from './suites/pooling';
import { pdfSuite } from './suites/pdf';
import { importMedlineSuite } from './suites/importMedline';
import { pdfViewerSuite } from './suites/pdfViewer';
import { extractionSuite } from './suites/extraction';
import { analysisSuite } from './suites/analysis';

export const suites: BenchSuite[] = [
  reviewFileSuite,
  recogniserSuite,
  poolingSuite,
  pdfSuite,
  pdfViewerSuite,
  importMedlineSuite,
  extractionSuite,
  analysisSuite,
];
