// Public surface of the statistics recogniser (shared/parse). Layer: shared (pure).
export { recognise } from './recognise';
export type { ChangeSide, Comparator, Reading, ReadingKind, Statistic, StatisticKind, ValuesByKind } from './types';
