// How many inputs a property/fuzz test tries. `npm test` runs the quick default each test names;
// `npm run fuzz` sets CALIPER_FUZZ_RUNS (20,000 unless given) so every fuzz target runs that many
// inputs, and CALIPER_FUZZ_REPORT so each target can write its figures. Layer: tests.
export function fuzzRuns(quick: number): number {
  const long = Number(process.env.CALIPER_FUZZ_RUNS);
  return Number.isInteger(long) && long > 0 ? long : quick;
}

/**
 * A fuzz test's own time limit: `quickMs` for the quick run; none of its own in the long run, which
 * sets its limit for every test on the command line (`npm run fuzz`), since its inputs are many more.
 */
export function fuzzTimeout(quickMs: number): number | undefined {
  return fuzzRuns(0) > 0 ? undefined : quickMs;
}
