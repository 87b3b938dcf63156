// `caliper pool`: runs the command in-process (runCli with a capturing IO) and once as a real process,
// against metafor fixtures, and checks the input errors the issue lists (exit 2, JSON naming study and field).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import type { CliIO } from '../../../electron/cli/command';
import { expectMatchesMetafor, loadFixture } from '../stats/metaforFixtures';

interface Case {
  name: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}
const cases = loadFixture<Case[]>('pool.json');
const byName = (name: string) => {
  const c = cases.find((x) => x.name === name);
  if (!c) throw new Error(`no fixture ${name}`);
  return c;
};

function capture(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { readStdin: async () => stdin, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

function tempFile(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'caliper-pool-'));
  const file = join(dir, 'analysis.json');
  writeFileSync(file, content);
  return file;
}

interface ErrorReport {
  error: string;
  issues: { analysis?: number; study?: string; field: string; message: string }[];
}

describe('caliper pool', () => {
  it('pools an analysis from a file as metafor does', async () => {
    const c = byName('bcg RR REML z');
    const cap = capture();
    expect(await runCli(['pool', tempFile(JSON.stringify(c.input))], cap.io)).toBe(0);
    const result = JSON.parse(cap.out()) as Record<string, unknown>;
    expectMatchesMetafor(result, c.expected);
    for (const field of [
      'k',
      'estimate',
      'se',
      'ci_lb',
      'ci_ub',
      'pi_lb',
      'pi_ub',
      'stat',
      'pval',
      'tau2',
      'I2',
      'H2',
      'Q',
      'Qdf',
      'Qp',
      'studies',
      'transformed',
    ]) {
      expect(result).toHaveProperty(field);
    }
  });

  it('reads standard input with "-" and pools an array of analyses in order', async () => {
    const names = ['bcg OR MH', 'normand SMD REML', 'pritz PFT DL', 'GEN hazard ratios from CIs REML knha'];
    const cap = capture(JSON.stringify(names.map((n) => byName(n).input)));
    expect(await runCli(['pool', '-', '--compact'], cap.io)).toBe(0);
    expect(cap.out().trim().split('\n')).toHaveLength(1);
    const results = JSON.parse(cap.out()) as unknown[];
    expect(results).toHaveLength(names.length);
    names.forEach((n, i) => expectMatchesMetafor(results[i], byName(n).expected));
  });

  it('leaves out fields that do not apply: no tau², PI or transformed scale for a common-effect MD', async () => {
    const cap = capture(JSON.stringify(byName('normand MD FE').input));
    expect(await runCli(['pool'], cap.io)).toBe(0);
    const result = JSON.parse(cap.out()) as Record<string, unknown>;
    for (const field of ['tau2', 'pi_lb', 'pi_ub', 'transformed', 'confint', 'df'])
      expect(result).not.toHaveProperty(field);
  });

  it('lists studies that are not estimable with the reason', async () => {
    const c = byName('zero cells OR REML to=only0 drop00=TRUE');
    const cap = capture(JSON.stringify(c.input));
    expect(await runCli(['pool', '-'], cap.io)).toBe(0);
    const result = JSON.parse(cap.out()) as { excluded: { id: string; reason: string }[] };
    expect(result.excluded.map((e) => e.id)).toEqual((c.expected.excluded as { id: string }[]).map((e) => e.id));
    expect(result.excluded.map((e) => e.reason)).toContain('no events in either group');
  });

  const bad: [string, unknown, { analysis?: number; study?: string; field: string }][] = [
    [
      'an unknown measure',
      { measure: 'HR', method: 'REML', studies: [{ id: 'A', yi: 1, vi: 1 }] },
      { field: 'measure' },
    ],
    [
      'an unknown method',
      { measure: 'GEN', method: 'BAYES', studies: [{ id: 'A', yi: 1, vi: 1 }] },
      { field: 'method' },
    ],
    [
      'a negative count',
      { measure: 'RR', studies: [{ id: 'Smith 2001', ai: -1, n1i: 10, ci: 2, n2i: 10 }] },
      { study: 'Smith 2001', field: 'ai' },
    ],
    [
      'events above the total',
      { measure: 'OR', studies: [{ id: 'A', ai: 1, n1i: 10, ci: 12, n2i: 10 }] },
      { study: 'A', field: 'ci' },
    ],
    [
      'SD of zero',
      { measure: 'MD', studies: [{ id: 'B', m1i: 1, sd1i: 0, n1i: 10, m2i: 2, sd2i: 1, n2i: 10 }] },
      { study: 'B', field: 'sd1i' },
    ],
    ['a missing field', { measure: 'PR', studies: [{ id: 'C', xi: 3 }] }, { study: 'C', field: 'ni' }],
    [
      'no usable study',
      { measure: 'RR', drop00: true, studies: [{ id: 'D', ai: 0, n1i: 10, ci: 0, n2i: 12 }] },
      { study: 'D', field: 'studies' },
    ],
    [
      'the knha test with Mantel-Haenszel',
      { measure: 'OR', method: 'MH', test: 'knha', studies: [{ id: 'G', ai: 1, n1i: 10, ci: 2, n2i: 10 }] },
      { field: 'test' },
    ],
    [
      'GEN studies on mixed scales',
      {
        measure: 'GEN',
        studies: [
          { id: 'H', yi: 0.5, ci_lb: 0.3, ci_ub: 0.9, scale: 'log' },
          { id: 'I', yi: 0.2, sei: 0.1 },
        ],
      },
      { study: 'I', field: 'scale' },
    ],
    [
      'MH with a continuous measure',
      { measure: 'MD', method: 'MH', studies: [{ id: 'E', m1i: 1, sd1i: 1, n1i: 10, m2i: 2, sd2i: 1, n2i: 10 }] },
      { field: 'method' },
    ],
    [
      'a bad analysis inside an array',
      [
        { measure: 'GEN', studies: [{ id: 'A', yi: 1, vi: 1 }] },
        { measure: 'GEN', studies: [{ id: 'F', yi: 1, vi: -1 }] },
      ],
      { analysis: 1, study: 'F', field: 'vi' },
    ],
  ];
  it.each(bad)('rejects %s with exit status 2 and a JSON error naming it', async (_name, input, where) => {
    const cap = capture(JSON.stringify(input));
    expect(await runCli(['pool', '-'], cap.io)).toBe(2);
    expect(cap.out()).toBe('');
    const report = JSON.parse(cap.err()) as ErrorReport;
    expect(report.error).toBe('invalid input');
    expect(report.issues).toContainEqual(expect.objectContaining(where));
  });

  it('rejects text that is not JSON and a second file as usage errors', async () => {
    const cap = capture('{"measure": ');
    expect(await runCli(['pool', '-'], cap.io)).toBe(2);
    expect(cap.err()).toContain('not valid JSON');
    expect(await runCli(['pool', 'a.json', 'b.json'], capture().io)).toBe(2);
  });

  it('reads a level below 1 as a fraction, as metafor', async () => {
    const c = byName('bcg OR REML knha level 90');
    const cap = capture(JSON.stringify({ ...c.input, level: 0.9 }));
    expect(await runCli(['pool', '-'], cap.io)).toBe(0);
    expectMatchesMetafor(JSON.parse(cap.out()), c.expected);
  });

  it('reports a file it cannot read as a usage error', async () => {
    const cap = capture();
    expect(await runCli(['pool', '/nonexistent/caliper-analysis.json'], cap.io)).toBe(2);
    expect(cap.err()).toContain('cannot read');
  });

  it('documents where errors go in its usage text', async () => {
    const cap = capture();
    expect(await runCli(['pool', '--help'], cap.io)).toBe(0);
    expect(cap.out()).toContain('standard error');
    expect(cap.out()).toContain('MH');
    for (const word of ['drop00', 'if0all', 'revman5', 'convergence']) expect(cap.out()).toContain(word);
  });

  it('adds leave-one-out, cumulative, subgroup, Egger and trim-and-fill results when asked, as metafor', async () => {
    const sensitivity = loadFixture<{ name: string; expected: Record<string, unknown> }[]>('sensitivity.json').find(
      (x) => x.name === 'bcg RR REML z',
    )!;
    const subgroups = loadFixture<{ name: string; groups: string[]; expected: unknown }[]>('subgroups.json').find(
      (x) => x.name === 'bcg RR by allocation REML',
    )!;
    const input = byName('bcg RR REML z').input as { studies: object[] };
    const studies = input.studies.map((s, i) => ({ ...s, subgroup: subgroups.groups[i] }));
    const cap = capture(
      JSON.stringify({ ...input, studies, leave1out: true, cumulative: true, regtest: true, trimfill: true }),
    );
    expect(await runCli(['pool', '-'], cap.io)).toBe(0);
    const result = JSON.parse(cap.out()) as Record<string, unknown>;
    expectMatchesMetafor(result.leave1out, sensitivity.expected.leave1out);
    expectMatchesMetafor(result.cumulative, sensitivity.expected.cumulative);
    expectMatchesMetafor(result.regtest, sensitivity.expected.regtest);
    expectMatchesMetafor(result.trimfill, sensitivity.expected.trimfill);
    expectMatchesMetafor(result.subgroups, subgroups.expected);
    expectMatchesMetafor(result, byName('bcg RR REML z').expected);
  });

  it('refuses extra analyses that need an inverse-variance model under MH', async () => {
    const cap = capture(JSON.stringify({ ...byName('bcg RR MH').input, trimfill: true }));
    expect(await runCli(['pool', '-'], cap.io)).toBe(2);
    expect((JSON.parse(cap.err()) as ErrorReport).issues).toContainEqual(
      expect.objectContaining({ field: 'trimfill' }),
    );
  });

  it('runs as a real process: npm run caliper -- pool FILE', () => {
    const c = byName('bcg RR MH');
    const stdout = execFileSync(
      'npm',
      ['run', '--silent', 'caliper', '--', 'pool', tempFile(JSON.stringify(c.input))],
      { encoding: 'utf8' },
    );
    expectMatchesMetafor(JSON.parse(stdout), c.expected);
  });
});

describe('caliper pool error contract: every failure is JSON on standard error with exit 2, every number finite', () => {
  async function fails(input: unknown) {
    const cap = capture(JSON.stringify(input));
    const status = await runCli(['pool', '-'], cap.io);
    return { status, out: cap.out(), report: cap.err() ? (JSON.parse(cap.err()) as ErrorReport) : undefined };
  }

  it("refuses Egger's test on studies with equal standard errors (a singular model) naming regtest", async () => {
    const r = await fails({
      measure: 'GEN',
      method: 'REML',
      regtest: true,
      studies: [
        { id: 'A', yi: 0.1, vi: 0.04 },
        { id: 'B', yi: 0.3, vi: 0.04 },
        { id: 'C', yi: 0.5, vi: 0.04 },
      ],
    });
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.report?.issues).toContainEqual(expect.objectContaining({ field: 'regtest', code: 'singular' }));
  });

  it('refuses trim-and-fill that does not converge, naming trimfill', async () => {
    const yi = [1, 0, 0.5, 0.2, 0.1, -1.4, 0.8, -0.2];
    const sei = [0.6, 0.7, 0.2, 0.7, 0.3, 0.1, 0.6, 0.7];
    const r = await fails([
      { measure: 'GEN', studies: [{ id: 'ok', yi: 1, vi: 1 }] },
      {
        measure: 'GEN',
        method: 'HE',
        trimfill: true,
        studies: yi.map((y, i) => ({ id: `S${i}`, yi: y, sei: sei[i] })),
      },
    ]);
    expect(r.status).toBe(2);
    expect(r.report?.issues).toContainEqual(
      expect.objectContaining({ analysis: 1, field: 'trimfill', code: 'convergence' }),
    );
  });

  it.each([
    [
      'an effect of 1e300',
      [
        { id: 'huge', yi: 1e300, sei: 1e-5 },
        { id: 'B', yi: 2, sei: 0.1 },
      ],
      'huge',
      'yi',
    ],
    [
      'an SE of 1e-160',
      [
        { id: 'tiny SE', yi: 1, sei: 1e-160 },
        { id: 'B', yi: 2, sei: 0.1 },
      ],
      'tiny SE',
      'sei',
    ],
  ])(
    'refuses valid but extreme input (%s) instead of printing a null estimate, naming the study and field',
    async (_name, studies, study, field) => {
      for (const method of ['REML', 'FE', 'DL']) {
        const r = await fails({ measure: 'GEN', method, studies });
        expect(r.status).toBe(2);
        expect(r.out).toBe('');
        expect(r.report?.issues).toContainEqual(expect.objectContaining({ study, field }));
      }
    },
  );

  it('refuses Hartung-Knapp on identical studies (an infinite t statistic) rather than print null', async () => {
    const r = await fails({ ...byName('identical studies knha').input });
    expect(r.status).toBe(2);
    expect(r.report?.issues).toContainEqual(expect.objectContaining({ field: 'stat', code: 'not_finite' }));
  });

  it('keeps I² within [0, 100] where rounding gave 100.00000000000001', async () => {
    const input = {
      measure: 'GEN',
      method: 'REML',
      studies: [
        { id: 'S0', yi: -70.2598181562209, sei: 212.37972535511736 },
        { id: 'S1', yi: 17.580476905200467, sei: 0.00021067081269534035 },
        { id: 'S2', yi: -27441.656246337774, sei: 0.40411568031275813 },
        { id: 'S3', yi: -16.808869889777053, sei: 0.000540847692472186 },
        { id: 'S4', yi: 307640.02784114255, sei: 0.000044048206553548756 },
        { id: 'S5', yi: -135.307345226642, sei: 0.002229374245325365 },
        { id: 'S6', yi: -753.6409982504247, sei: 0.000002371705819719835 },
      ],
    };
    const cap = capture(JSON.stringify(input));
    expect(await runCli(['pool', '-'], cap.io)).toBe(0);
    const result = JSON.parse(cap.out()) as { I2: number; confint: { I2: number[] }; tau2: number; pval: number };
    expect(result.I2).toBeLessThanOrEqual(100);
    expect(result.I2).toBeGreaterThanOrEqual(0);
    for (const x of result.confint.I2) expect(x >= 0 && x <= 100).toBe(true);
    expect(result.tau2).toBeGreaterThanOrEqual(0);
  });

  it('accepts metafor’s add, to and drop00 and refuses values metafor refuses', async () => {
    for (const name of ['zero cells RR REML to=if0all drop00=TRUE', 'zero cells OR DL add=1']) {
      const cap = capture(JSON.stringify(byName(name).input));
      expect(await runCli(['pool', '-'], cap.io)).toBe(0);
      expectMatchesMetafor(JSON.parse(cap.out()), byName(name).expected);
    }
    const bad = await fails({ ...byName('zero cells OR DL add=1').input, to: 'sometimes' });
    expect(bad.status).toBe(2);
    expect(bad.report?.issues).toContainEqual(expect.objectContaining({ field: 'to' }));
  });
});
