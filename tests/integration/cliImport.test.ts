// `caliper import` as a script would run it: references and PDFs into a review, a JSON summary,
// errors with file and line, exit 1 when anything was refused, and the review unchanged by a refusal.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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
    const errors = JSON.parse(bad.stdout).errors as { file: string; line: number; message: string }[];
    expect(errors.length).toBeGreaterThan(1);
    for (const e of errors) {
      expect(e.file).toBe(fixture('references/malformed.ris'));
      expect(e.line).toBeGreaterThan(0);
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
});
