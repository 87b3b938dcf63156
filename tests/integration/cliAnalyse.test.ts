// `caliper analyse` on a fresh sample review: JSON with every analysis, its result and each study's
// row (excluded ones with the reason), one analysis by name, the forest plot as SVG, the R script,
// --out, and clear errors for a missing review, an unknown analysis and a bad format.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend';
import { createSampleReview } from '../../electron/backend/services/review';
import { runCli } from '../../electron/cli/run';
import { tempDir } from '../helpers/temp';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      readStdin: async () => '',
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
    },
  };
}

function sampleFile(): { file: string; dataDir: string } {
  const dataDir = tempDir();
  const backend = new Backend({ dataDir, host: 'web', versions: { caliper: 'test' } });
  const file = createSampleReview(backend.context()).path;
  backend.close();
  return { file, dataDir };
}

interface Printed {
  name: string;
  outcome: string;
  timepoint: string;
  measure: string;
  method: string;
  layer: string;
  result: { k: number; estimate: number; ci_lb: number; studies: unknown[] } | null;
  studies: {
    id: string;
    label: string;
    yi: number | null;
    vi: number | null;
    weight: number | null;
    excluded: string | null;
    values: string[];
  }[];
}

describe('caliper analyse', () => {
  it('prints every stored analysis of a fresh sample review with results', async () => {
    const { file, dataDir } = sampleFile();
    const { out, io } = capture();
    expect(await runCli(['analyse', '--review', file, '--data-dir', dataDir], io)).toBe(0);
    const printed = JSON.parse(out.stdout) as Printed[];
    expect(printed.map((p) => p.name)).toContain('Weaning from inotropes');
    const weaning = printed.find((p) => p.name === 'Weaning from inotropes')!;
    expect(weaning).toMatchObject({
      outcome: 'Weaning from inotropes',
      timepoint: 'Follow-up',
      measure: 'PR',
      method: 'REML',
      layer: 'consensus',
    });
    expect(weaning.result!.estimate).toBeCloseTo(0.9, 12);
    const used = weaning.studies.filter((s) => s.excluded === null);
    expect(used).toHaveLength(1);
    expect(used[0]!.values).toHaveLength(2);
    expect(used[0]!.weight).toBe(100);
    expect(
      weaning.studies.filter((s) => s.excluded !== null).every((s) => s.yi === null && s.excluded!.length > 0),
    ).toBe(true);
    for (const p of printed) expect(p.result, p.name).not.toBeNull();
    const lv = printed.find((p) => p.name === 'LV end-systolic volume at follow-up')!;
    expect(lv.result!.k).toBe(2);
  });

  it('writes one analysis as JSON, its forest plot as SVG, or its R script, to standard output or --out', async () => {
    const { file, dataDir } = sampleFile();
    const one = capture();
    expect(
      await runCli(['analyse', '--review', file, '--data-dir', dataDir, '--analysis', '12-MONTH SURVIVAL'], one.io),
    ).toBe(0);
    expect((JSON.parse(one.out.stdout) as Printed[]).map((p) => [p.name, p.measure])).toEqual([
      ['12-month survival', 'PFT'],
    ]);
    const svg = capture();
    const out = path.join(tempDir(), 'forest.svg');
    expect(
      await runCli(
        [
          'analyse',
          '--review',
          file,
          '--data-dir',
          dataDir,
          '--analysis',
          'LVEF at follow-up',
          '--format',
          'svg',
          '--out',
          out,
        ],
        svg.io,
      ),
    ).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^<svg /);
    expect(text).toContain('Total (95% CI)');
    const again = capture();
    await runCli(
      ['analyse', '--review', file, '--data-dir', dataDir, '--analysis', 'LVEF at follow-up', '--format', 'svg'],
      again.io,
    );
    expect(again.out.stdout).toBe(text);
    const r = capture();
    expect(
      await runCli(
        ['analyse', '--review', file, '--data-dir', dataDir, '--analysis', 'LVEF at follow-up', '--format', 'r'],
        r.io,
      ),
    ).toBe(0);
    expect(r.out.stdout).toMatch(/escalc\(measure = "MN", mi = mi, sdi = sdi, ni = ni/);
    expect(r.out.stdout).toMatch(/rma\(yi, vi, data = dat, method = "REML"/);
  });

  it('exits 2 with a clear message for a missing review, an unknown analysis, a bad format or several analyses as SVG', async () => {
    const { file, dataDir } = sampleFile();
    const missing = capture();
    expect(await runCli(['analyse', '--review', '/nonexistent/x.caliper'], missing.io)).toBe(2);
    expect(missing.out.stderr).toMatch(/x\.caliper: no such review file/);
    const unknown = capture();
    expect(
      await runCli(['analyse', '--review', file, '--data-dir', dataDir, '--analysis', 'Mortality'], unknown.io),
    ).toBe(2);
    expect(unknown.out.stderr).toMatch(/no analysis named "Mortality".*"Weaning from inotropes"/);
    const format = capture();
    expect(await runCli(['analyse', '--review', file, '--format', 'pdf'], format.io)).toBe(2);
    expect(format.out.stderr).toMatch(/--format must be json, svg or r/);
    const several = capture();
    expect(await runCli(['analyse', '--review', file, '--data-dir', dataDir, '--format', 'svg'], several.io)).toBe(2);
    expect(several.out.stderr).toMatch(/name it with --analysis/);
    const help = capture();
    expect(await runCli(['analyse', '--help'], help.io)).toBe(0);
    expect(help.out.stdout).toMatch(/Usage: caliper analyse --review FILE/);
  });
});
