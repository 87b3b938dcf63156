// `caliper convert`: each kind in-process against the R-computed conversion fixtures, and the errors
// (exit 2, JSON naming the field) for impossible input and usage mistakes.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import type { CliIO } from '../../../electron/cli/command';
import { expectMatchesMetafor, loadFixture } from '../stats/metaforFixtures';

interface Case {
  name: string;
  fn: string;
  args: Record<string, unknown>;
  expected: unknown;
}
const cases = loadFixture<Case[]>('conversions.json');
const byName = (name: string) => {
  const c = cases.find((x) => x.name === name);
  if (!c) throw new Error(`no fixture ${name}`);
  return c;
};

async function convert(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { readStdin: async () => '', stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  const code = await runCli(['convert', ...argv], io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('caliper convert', () => {
  const runs: [string, string[]][] = [
    ['SE from a t-based CI', ['se-from-ci', '--lower', '10.1', '--upper', '14.3', '--df', '11']],
    ['SD from SE', ['sd-from-se', '--se', '0.85', '--n', '44']],
    [
      'SD from a CI of a mean (t, small sample)',
      ['sd-from-mean-ci', '--lower', '21.2', '--upper', '25.8', '--n', '12', '--t'],
    ],
    ['log SE from a hazard ratio CI', ['log-se-from-ci', '--lower', '0.27', '--upper', '0.98']],
    ['SE of a log ratio from p', ['se-from-p', '--estimate', '0.62', '--p', '0.03', '--log']],
    [
      'mean and SD from min, q1, median, q3, max, n',
      ['mean-sd-from-median', '--min', '1', '--q1', '4', '--median', '6', '--q3', '9.5', '--max', '21', '--n', '55'],
    ],
    [
      'combine two groups',
      [
        'combine-groups',
        '--n1',
        '40',
        '--mean1',
        '12.1',
        '--sd1',
        '3.2',
        '--n2',
        '35',
        '--mean2',
        '14.6',
        '--sd2',
        '4.1',
      ],
    ],
    ['SD of change', ['sd-of-change', '--sd-baseline', '4.2', '--sd-final', '5.1', '--r', '0.6']],
  ];
  it.each(runs)('%s', async (name, argv) => {
    const r = await convert(...argv);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as { value: unknown; method: string; source: string; inputs: object };
    expectMatchesMetafor(result.value, byName(name).expected);
    expect(result.source.length).toBeGreaterThan(10);
    expect(Object.keys(result.inputs).length).toBeGreaterThan(1);
  });

  it('reports impossible input as JSON naming the field, exit 2', async () => {
    const r = await convert('se-from-p', '--estimate', '1.5', '--p', '2');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.err)).toMatchObject({ error: 'invalid input', field: 'p' });
    const notNumber = await convert('sd-from-se', '--se', 'abc', '--n', '10');
    expect(notNumber.code).toBe(2);
    expect(JSON.parse(notNumber.err)).toMatchObject({ field: 'se' });
    const missing = await convert('sd-of-change', '--sd-baseline', '3', '--r', '0.5');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.err)).toMatchObject({ field: 'sd-final' });
  });

  it('treats an unknown kind or option as a usage error', async () => {
    expect((await convert('se-from-nothing')).code).toBe(2);
    expect((await convert()).code).toBe(2);
    expect((await convert('sd-from-se', '--se', '1', '--n', '3', '--bogus', '2')).code).toBe(2);
  });

  it('chooses t for a small sample as the form does, unless told', async () => {
    const args = ['sd-from-mean-ci', '--lower', '21.2', '--upper', '25.8', '--n', '12'];
    const byDefault = JSON.parse((await convert(...args)).out) as { inputs: { distribution: string } };
    expect(byDefault.inputs.distribution).toBe('t');
    const normal = JSON.parse((await convert(...args, '--normal')).out) as { inputs: { distribution: string } };
    expect(normal.inputs.distribution).toBe('normal');
    expect((await convert(...args, '--normal', '--t')).code).toBe(2);
  });

  it('lists every kind in its usage text', async () => {
    const r = await convert('--help');
    expect(r.code).toBe(0);
    for (const kind of [
      'se-from-ci',
      'sd-from-se',
      'sd-from-mean-ci',
      'log-se-from-ci',
      'se-from-p',
      'mean-sd-from-median',
      'combine-groups',
      'sd-of-change',
    ]) {
      expect(r.out).toContain(kind);
    }
  });
});
