// `caliper import` as a script would run it: references and PDFs into a review, a JSON summary,
// errors with file and line, exit 1 when anything was refused, and the review unchanged by a refusal.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { tempDir } from '../helpers/temp';

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

async function caliper(args: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(args, {
    readStdin: async () => '',
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
  });
  return { code, ...out };
}

describe('caliper import', () => {
  it('imports references and a PDF, listing duplicates, and exits 0', async () => {
    const dir = tempDir();
    const review = path.join(dir, 'review.caliper');
    const run = await caliper([
      'import',
      '--data-dir',
      dir,
      '--create',
      '--review',
      review,
      fixture('references/seeds.ris'),
      fixture('references/seeds.nbib'),
      fixture('pdfs/crt-sample-article.pdf'),
    ]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      imported: number;
      skipped: number;
      duplicates: number;
      pdfs: { pages: number }[];
      errors: unknown[];
    };
    expect(summary.errors).toEqual([]);
    expect(summary.duplicates).toBeGreaterThan(0);
    expect(summary.skipped).toBe(summary.duplicates);
    expect(summary.pdfs).toEqual([expect.objectContaining({ pages: 1 })]);
    expect(summary.imported).toBeGreaterThan(1);
  });

  it('names the file and line of each refused record and PDF, exits 1, and leaves the review unchanged by a refused PDF', async () => {
    const dir = tempDir();
    const review = path.join(dir, 'review.caliper');
    expect(
      (await caliper(['import', '--data-dir', dir, '--create', '--review', review, fixture('references/seeds.ris')]))
        .code,
    ).toBe(0);
    const before = createHash('sha256').update(readFileSync(review)).digest('hex');
    const refused = await caliper([
      'import',
      '--data-dir',
      dir,
      '--review',
      review,
      fixture('pdfs/edge/user-password.pdf'),
    ]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).errors).toEqual([
      {
        file: fixture('pdfs/edge/user-password.pdf'),
        line: null,
        message: expect.stringMatching(/password-protected/),
      },
    ]);
    expect(createHash('sha256').update(readFileSync(review)).digest('hex')).toBe(before);

    const bad = await caliper(['import', '--data-dir', dir, '--review', review, fixture('references/malformed.ris')]);
    expect(bad.code).toBe(1);
    const output = JSON.parse(bad.stdout) as {
      errors: { file: string; line: number; message: string }[];
      notes: { file: string; line: number; message: string }[];
    };
    expect(output.errors).toEqual([
      { file: fixture('references/malformed.ris'), line: 7, message: 'the record has no title' },
    ]);
    expect(output.notes.length).toBe(4);
    for (const n of output.notes) {
      expect(n.file).toBe(fixture('references/malformed.ris'));
      expect(n.line).toBeGreaterThan(0);
    }
  });

  it('refuses usage errors and a file that is not a review with exit 2', async () => {
    const dir = tempDir();
    expect((await caliper(['import', fixture('references/seeds.ris')])).stderr).toMatch(/--review FILE is required/);
    const notReview = await caliper([
      'import',
      '--data-dir',
      dir,
      '--review',
      fixture('references/seeds.ris'),
      fixture('references/seeds.ris'),
    ]);
    expect(notReview.code).toBe(2);
    expect(notReview.stderr).toMatch(/seeds\.ris" is not a Caliper review/);
    expect(
      (await caliper(['import', '--data-dir', dir, '--review', 'x.caliper', '--duplicates', 'keep', 'a.ris'])).code,
    ).toBe(2);
  });

  it('maps CSV columns given with --map, exits 0 when lines were only ignored, and leaves the recent list alone unless --remember', async () => {
    const dir = tempDir();
    const review = path.join(dir, 'review.caliper');
    const csv = path.join(dir, 'export.csv');
    writeFileSync(
      csv,
      'Paper name,Who,Venue,When\n"Effects of CRT on mortality","Smith, A and Jones, B",Lancet,2011\n',
      'utf8',
    );
    const ris = path.join(dir, 'ovid.ris');
    writeFileSync(ris, '1.\nTY  - JOUR\nTI  - An Ovid record\nER  - \n\n2.\n', 'utf8');
    const settings = path.join(dir, 'settings.json');
    const recent = () =>
      existsSync(settings) ? (JSON.parse(readFileSync(settings, 'utf8')) as { recent: { path: string }[] }).recent : [];

    const unmapped = await caliper(['import', '--data-dir', dir, '--create', '--review', review, csv]);
    expect(unmapped.code).toBe(1);
    expect(JSON.parse(unmapped.stdout).errors[0].message).toBe('no column is mapped to the title');
    expect(recent()).toEqual([]);

    const mapped = await caliper([
      'import',
      '--data-dir',
      dir,
      '--review',
      review,
      '--map',
      'title=Paper name,authors=Who,journal=Venue,year=When',
      csv,
      ris,
    ]);
    expect(mapped.code).toBe(0);
    const summary = JSON.parse(mapped.stdout) as { imported: number; errors: unknown[]; notes: { line: number }[] };
    expect(summary.imported).toBe(2);
    expect(summary.errors).toEqual([]);
    expect(summary.notes.map((n) => n.line)).toEqual([1, 6]);
    expect(recent()).toEqual([]);

    const bad = await caliper(['import', '--data-dir', dir, '--review', review, '--map', 'titel=X', csv]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--map: "titel" is not a field/);

    expect((await caliper(['import', '--data-dir', dir, '--review', review, '--remember', ris])).code).toBe(0);
    expect(recent().map((r) => r.path)).toEqual([review]);
  });
});
