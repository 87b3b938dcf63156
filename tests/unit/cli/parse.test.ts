// `caliper parse`: in-process through runCli with a capturing IO: stdin text in, JSON list out, the
// TEXT-argument and --compact forms, the usage text, and exit 2 for an unknown option.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import type { CliIO } from '../../../electron/cli/command';
import type { Statistic } from '../../../shared/parse';

async function parse(stdin: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { readStdin: async () => stdin, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  const code = await runCli(['parse', ...argv], io);
  return { code, out: out.join(''), err: err.join('') };
}

describe('caliper parse', () => {
  it('reads stdin and prints the statistics as a JSON list', async () => {
    const r = await parse('LVEF 23.5 ± 4.3%\n');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const list = JSON.parse(r.out) as Statistic[];
    expect(list).toEqual([
      {
        kind: 'mean_sd',
        start: 5,
        end: 16,
        text: '23.5 ± 4.3%',
        values: { mean: 23.5, sd: 4.3 },
        unit: '%',
        warnings: [],
      },
    ]);
    expect(r.out).toContain('\n  '); // indented by default
  });

  it('prints every statistic of an abstract with offsets into the input', async () => {
    const text =
      'CRT response was observed in 22 patients (30%) (hazard ratio, 0.51; 95% confidence interval, 0.27 to 0.98; P=0.04).';
    const list = JSON.parse((await parse(text)).out) as Statistic[];
    expect(list.map((s) => s.kind)).toEqual(['count', 'ratio_ci', 'p_value']);
    for (const s of list) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('reports damaged PDF symbols with warnings', async () => {
    const list = JSON.parse((await parse('73 consecutive CRT patients (71610 years); P,0.001')).out) as Statistic[];
    expect(list.map((s) => [s.kind, s.values, s.warnings.length > 0])).toEqual([
      ['count', { n: 73 }, false],
      ['mean_sd', { mean: 71, sd: 10 }, true],
      ['p_value', { p: 0.001, op: '<' }, true],
    ]);
  });

  it('prints [] for text without statistics, including empty input', async () => {
    expect(JSON.parse((await parse('No numbers here.')).out)).toEqual([]);
    expect(JSON.parse((await parse('')).out)).toEqual([]);
  });

  it('takes TEXT arguments instead of stdin, and --compact prints one line', async () => {
    const r = await parse('ignored 1 ± 2', '--compact', 'P=.03', 'and', '9/10');
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n')).toHaveLength(1);
    const list = JSON.parse(r.out) as Statistic[];
    expect(list.map((s) => s.text)).toEqual(['P=.03', '9/10']);
  });

  it('shows its usage with --help and exits 2 on an unknown option', async () => {
    const help = await parse('', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: caliper parse');
    const bad = await parse('', '--bogus');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--bogus');
  });

  it('is listed in caliper --help', async () => {
    const out: string[] = [];
    const code = await runCli(['--help'], { readStdin: async () => '', stdout: (t) => out.push(t), stderr: () => {} });
    expect(code).toBe(0);
    expect(out.join('')).toMatch(/parse\s+recognise statistics/);
  });
});
