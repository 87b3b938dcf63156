// `caliper import --create --review FILE review.rm5` as a script would run it: a new review from a
// RevMan 5 file with one line of JSON saying what it holds; a bad file or an existing review exits 2
// with one line of JSON naming what is wrong, and creates nothing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { tempDir } from '../helpers/temp';

const SMALL = fileURLToPath(new URL('../fixtures/rm5/small-review.rm5', import.meta.url));

async function caliper(args: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(args, {
    readStdin: async () => '',
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
  });
  return { code, ...out };
}

describe('caliper import --create --review FILE review.rm5', () => {
  it('creates the review and prints one line of JSON; caliper analyse pools its analyses', async () => {
    const dir = tempDir();
    const review = path.join(dir, 'small.caliper');
    const run = await caliper(['import', '--data-dir', dir, '--create', '--review', review, SMALL]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      path: review,
      title: 'A small review for testing RevMan import',
      studies: 38,
      outcomes: 8,
      analyses: 8,
    });
    const analyse = await caliper([
      'analyse',
      '--data-dir',
      dir,
      '--review',
      review,
      '--analysis',
      '1.1 Tuberculosis (odds ratio, M-H, fixed)',
    ]);
    expect(analyse.code).toBe(0);
    const [result] = JSON.parse(analyse.stdout) as { measure: string; method: string; result: { estimate: number } }[];
    // bcg, odds ratio, Mantel-Haenszel (metafor's rma.mh): log OR -0.4734 (tests/fixtures/metafor/revman5.json).
    const stored = readFileSync(SMALL, 'latin1').match(/<DICH_OUTCOME [^>]*ID="CMP-001.01"[^>]*>/)![0];
    expect(Math.exp(result!.result.estimate)).toBeCloseTo(Number(/ EFFECT_SIZE="([^"]+)"/.exec(stored)![1]), 12);
  });

  it('refuses a file that is not a RevMan review with one line of JSON, exit 2, nothing created', async () => {
    const dir = tempDir();
    const bad = path.join(dir, 'bad.rm5');
    writeFileSync(bad, '<?xml version="1.0"?>\n<HTML><BODY/></HTML>\n');
    const review = path.join(dir, 'new.caliper');
    const run = await caliper(['import', '--data-dir', dir, '--create', '--review', review, bad]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        code: 'validation',
        message: 'bad.rm5 line 2: not a RevMan 5 review: the root element is <HTML>, not <COCHRANE_REVIEW>',
      },
    });
    expect(existsSync(review)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('caliper'))).toEqual([]);
  });

  it('refuses an existing review (a RevMan file makes a new one) and leaves it as it was', async () => {
    const dir = tempDir();
    const review = path.join(dir, 'taken.caliper');
    writeFileSync(review, 'someone else’s file');
    const run = await caliper(['import', '--data-dir', dir, '--create', '--review', review, SMALL]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stderr)).toEqual({
      error: { code: 'exists', message: expect.stringMatching(/taken\.caliper" already exists/) as string },
    });
    expect(readFileSync(review, 'utf8')).toBe('someone else’s file');
  });

  it('asks for --create, and for the .rm5 on its own', async () => {
    const dir = tempDir();
    const review = path.join(dir, 'r.caliper');
    const without = await caliper(['import', '--data-dir', dir, '--review', review, SMALL]);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/add --create/);
    const mixed = await caliper([
      'import',
      '--data-dir',
      dir,
      '--create',
      '--review',
      review,
      SMALL,
      SMALL.replace('.rm5', '.ris'),
    ]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/imported on its own/);
    expect(existsSync(review)).toBe(false);
  });
});
