// The recogniser's matchers in priority order (a longer match always wins; ties go to the earlier
// matcher), and the cheap test of which tokens can start a statistic at all. Layer: shared (pure).
import { count, COUNT_START_WORDS, percent, percentCount } from './counts';
import { CI_START_WORDS, continuedInterval, estimateCi, ratioCi } from './confidenceIntervals';
import { DAMAGED_OPERATORS } from './damage';
import type { Matcher } from './matcher';
import { change, meanSd } from './means';
import { median } from './medians';
import { P_WORDS, pValue, pValueList } from './pValues';
import { COMPARATORS } from './scan';
import type { Token } from './tokens';

export const MATCHERS: readonly Matcher[] = [
  ratioCi,
  estimateCi,
  continuedInterval,
  median,
  change,
  meanSd,
  count,
  percentCount,
  pValue,
  pValueList,
  percent,
];

/** Lower-case words a matcher can start at; every other word is skipped without running the matchers. */
const STARTING_WORDS: ReadonlySet<string> = new Set([
  ...CI_START_WORDS,
  ...COUNT_START_WORDS,
  ...P_WORDS,
  'median',
  'from',
]);

/** Cheap test run before the matchers: can any statistic start at this token? */
export function mayStart(t: Token): boolean {
  if (t.type === 'num') return true;
  if (t.type === 'word') return STARTING_WORDS.has(t.norm);
  return t.type === 'sym' && (COMPARATORS.has(t.norm) || DAMAGED_OPERATORS.has(t.norm));
}
