// Every benchmark suite `npm run bench` runs, in order. `npm run bench -- NAME` runs one.
import type { BenchSuite } from './suite';
import { poolingSuite } from './suites/pooling';
import { recogniserSuite } from './suites/recogniser';
import { reviewFileSuite } from './suites/reviewFile';

export const suites: BenchSuite[] = [reviewFileSuite, recogniserSuite, poolingSuite];
