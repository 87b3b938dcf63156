// The shape every matcher of the recogniser shares: it looks at the token where a statistic may start
// and returns the statistic's span and reading(s), or null. Layer: shared (pure).
import type { Scan } from './scan';
import type { Reading } from './types';

export interface Found {
  start: number;
  end: number;
  /** The reading; null when ambiguous (then candidates holds the readings). */
  reading: Reading | null;
  candidates?: Reading[];
  warnings: string[];
}

export type Matcher = (s: Scan, i: number) => Found | null;
