// Inputs that once hung the pooling core or broke its answer: each is run in a child process with a
// time limit (a synchronous endless loop cannot be stopped from inside the test), then compared with
// metafor (tests/fixtures/metafor/pool.json, "unit typo" cases) or checked to fail with a StatsError.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { estimateTau2, estimateTau2Mods, runAnalysis, StatsError, type AnalysisInput } from '../../../shared/stats';
import { expectMatchesMetafor, loadFixture } from './metaforFixtures';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs runAnalysis on `input` in a fresh Node process; gives up after `ms` milliseconds. */
function analyseInChild(input: unknown, ms = 20_000): { timedOut: boolean; result?: unknown; error?: string } {
  const script = `
    import { runAnalysis } from './shared/stats/index.ts';
    try { process.stdout.write(JSON.stringify({ result: runAnalysis(JSON.parse(process.argv[1])) })); }
    catch (e) { process.stdout.write(JSON.stringify({ error: String(e && e.message) })); }`;
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script, JSON.stringify(input)],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: ms,
      killSignal: 'SIGKILL',
    },
  );
  if (run.error || run.signal) return { timedOut: true };
  return { timedOut: false, ...(JSON.parse(run.stdout) as { result?: unknown; error?: string }) };
}

interface Case {
  name: string;
  input: AnalysisInput;
  expected: Record<string, unknown>;
}
const typos = loadFixture<Case[]>('pool.json').filter((c) => c.name.startsWith('unit typo SD 100000'));

describe('no hang when the Fisher scoring information cancels to 0', () => {
  it('has the REML, ML and EB cases', () => {
    expect(typos.map((c) => c.name.split(' ').pop())).toEqual(['REML', 'ML', 'EB']);
  });

  it.each(typos.map((c) => [c.name, c] as const))(
    '%s finishes (in a child process, 20 s limit) with metafor’s answer',
    (_name, c) => {
      const out = analyseInChild(c.input);
      expect(out.timedOut).toBe(false);
      expect(out.error).toBeUndefined();
      expectMatchesMetafor(out.result, c.expected);
    },
    30_000,
  );

  it('the estimators themselves return finite tau² for a -Infinity step, with and without moderators', () => {
    const c = typos[0]!;
    const r = runAnalysis(c.input);
    const yi = r.studies.map((s) => s.yi!);
    const vi = r.studies.map((s) => s.vi!);
    for (const method of ['REML', 'ML', 'EB'] as const) {
      expect(Number.isFinite(estimateTau2(yi, vi, method).tau2)).toBe(true);
      const X = [...vi, 0.5].map((v) => [1, Math.sqrt(v)]);
      const tau2 = estimateTau2Mods([...yi, 3], [...vi, 0.5], X, method);
      expect(Number.isFinite(tau2) && tau2 >= 0).toBe(true);
    }
  });

  it('weights that overflow are a StatsError naming the field, not NaN results', () => {
    const input: AnalysisInput = {
      measure: 'GEN',
      method: 'REML',
      studies: [
        { id: 'A', yi: 1, sei: 1e-160 },
        { id: 'B', yi: 2, sei: 0.1 },
      ],
    };
    expect(() => runAnalysis(input)).toThrow(StatsError);
    try {
      runAnalysis(input);
    } catch (error) {
      expect(error).toMatchObject({ field: 'sei', study: 'A' });
    }
  });
});
