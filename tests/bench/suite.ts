// The shape of one benchmark suite for `npm run bench`. Each suite measures real work and returns
// named figures (milliseconds, counts, rates); the runner runs each suite in a process of its own
// (so memory figures are the suite's alone) and writes the figures to tests/bench/results.json.
// Timings are repeated: a suite reports the median and the minimum of at least MIN_RUNS runs.

export type Figures = Record<string, number | string>;

export interface BenchSuite {
  name: string;
  /** What is measured, in one line, written beside the figures. */
  description: string;
  run(): Promise<Figures>;
}

/** The fewest runs a timed figure is summarised from. */
export const MIN_RUNS = 5;

/** Runs fn once and returns the elapsed wall time in milliseconds. */
export async function timeMs(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return Number((performance.now() - start).toFixed(2));
}

const round = (ms: number) => Number(ms.toFixed(2));

/** The median and minimum of samples, as figures named `${name}MedianMs` and `${name}MinMs`. */
export function summary(name: string, samples: number[]): Figures {
  if (samples.length < MIN_RUNS) throw new Error(`${name}: ${samples.length} runs; at least ${MIN_RUNS} are needed`);
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { [`${name}MedianMs`]: round(median), [`${name}MinMs`]: round(sorted[0]!) };
}

/** Times fn `runs` times (after `warmup` untimed runs) and returns the samples in milliseconds. */
export async function samplesMs(
  runs: number,
  fn: (run: number) => unknown | Promise<unknown>,
  warmup = 0,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeMs(() => fn(i)));
  return samples;
}

/** The q-th percentile (0–100) of samples, nearest rank. */
export function percentile(samples: number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1));
  return round(sorted[index]!);
}
