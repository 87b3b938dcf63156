// The shape of one benchmark suite for `npm run bench`. Each suite measures real work and returns
// named figures (milliseconds, counts, rates); the runner writes them to tests/bench/results.json.

export type Figures = Record<string, number | string>;

export interface BenchSuite {
  name: string;
  /** What is measured, in one line, written beside the figures. */
  description: string;
  run(): Promise<Figures>;
}

/** Runs fn once and returns the elapsed wall time in milliseconds. */
export async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return Number((performance.now() - start).toFixed(2));
}
