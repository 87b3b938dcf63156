// `caliper reconcile` against a real review file: JSON with each study's states and consensus and the
// agreement, the file left exactly as it was, and a one-line JSON error (exit 2) for a file that is
// not a review or a reviewer who does not exist.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { extractionSetup } from '../helpers/extraction';
import { tempDir } from '../helpers/temp';

async function caliper(args: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(args, {
    readStdin: async () => '',
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
  });
  return { code, ...out };
}

const fingerprint = (file: string) =>
  [file, `${file}-wal`, `${file}-shm`]
    .map((f) => (existsSync(f) ? createHash('sha256').update(readFileSync(f)).digest('hex') : '-'))
    .join(' ');

async function reviewWithTwoExtractions() {
  const t = await extractionSetup();
  const { router } = t;
  await router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, 'a');
  await router.invoke('reviewer:create', { name: 'Beatriz' }, 'b');
  const field = (label: string) => ({ kind: 'field' as const, fieldId: t.fieldId(label) });
  await router.invoke(
    'extraction:write',
    {
      studyId: t.study.id,
      writes: [
        { target: field('Country'), state: 'value', value: 'Spain' },
        { target: field('N randomised'), state: 'value', value: 1024 },
        { target: field('Age'), state: 'value', value: '55.0' },
        { target: field('Conflicts of interest'), state: 'value', value: 'no' },
        { target: t.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23.5 },
        { target: field('Funding'), state: 'not_reported' },
      ],
    },
    'a',
  );
  await router.invoke(
    'extraction:write',
    {
      studyId: t.study.id,
      writes: [
        { target: field('Country'), state: 'value', value: 'Spain' },
        { target: field('N randomised'), state: 'value', value: 1024 },
        { target: field('Age'), state: 'value', value: '55' },
        { target: field('Conflicts of interest'), state: 'value', value: 'yes' },
        { target: t.cell('LVEF', 'Baseline', 'mean'), state: 'value', value: 23.6 },
        { target: t.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3 },
        { target: field('Funding'), state: 'not_reported' },
      ],
    },
    'b',
  );
  for (const s of ['a', 'b'])
    await router.invoke('extraction:setStatus', { studyId: t.study.id, status: 'complete' }, s);
  const file = t.backend.requireReview().info.path;
  t.backend.close();
  return { t, file };
}

describe('caliper reconcile', () => {
  it('prints each study’s states and the agreement as JSON, and changes nothing', async () => {
    const { t, file } = await reviewWithTwoExtractions();
    const before = fingerprint(file);
    const run = await caliper(['reconcile', '--review', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.reviewers).toEqual(['A', 'Beatriz']);
    expect(report.studies).toEqual([
      {
        id: t.study.id,
        label: 'CRT in class IV',
        cells: 7,
        agree: 3,
        differ: 2,
        onlyOne: 1,
        bothNotReported: 1,
        // The agreements count as resolved: the review takes them in automatically.
        resolved: 4,
        reopened: 0,
        consensusComplete: false,
      },
    ]);
    expect(report.agreement.overall).toEqual({ cells: 7, percent: 400 / 7, percentWithinTolerance: 400 / 7 });
    expect(report.agreement.fields.map((f: { field: string }) => f.field)).toEqual([
      'Country',
      'N randomised',
      'Age',
      'Funding',
      'Conflicts of interest',
      'LVEF',
    ]);
    expect(fingerprint(file)).toBe(before);

    const within = JSON.parse((await caliper(['reconcile', '--review', file, '--tolerance', '0.5%'])).stdout);
    expect(within.agreement.overall).toEqual({ cells: 7, percent: 400 / 7, percentWithinTolerance: 500 / 7 });
    expect(within.studies[0]).toMatchObject({ agree: 4, differ: 1 });
    const absolute = JSON.parse((await caliper(['reconcile', '--review', file, '--tolerance', '0.01'])).stdout);
    expect(absolute.studies[0]).toMatchObject({ agree: 3, differ: 2 });
    const named = JSON.parse((await caliper(['reconcile', '--review', file, '--reviewers', 'beatriz,A'])).stdout);
    expect(named.reviewers).toEqual(['Beatriz', 'A']);
    expect(fingerprint(file)).toBe(before);
  });

  it('exits 2 with a one-line JSON error for a file that is not a review or an unknown reviewer', async () => {
    const { file } = await reviewWithTwoExtractions();
    const unknown = await caliper(['reconcile', '--review', file, '--reviewers', 'A,Zoe']);
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(unknown.stderr)).toEqual({
      error: { code: 'not_found', message: `No reviewer called "Zoe" in "${path.basename(file)}".` },
    });
    const text = path.join(tempDir(), 'notes.caliper');
    writeFileSync(text, 'not a database at all, just some notes that are long enough to have a header '.repeat(3));
    const notReview = await caliper(['reconcile', '--review', text]);
    expect(notReview.code).toBe(2);
    expect(JSON.parse(notReview.stderr).error.code).toBe('not_a_review');
    expect((await caliper(['reconcile', '--review', file, '--tolerance', 'lots'])).code).toBe(2);
    const help = await caliper(['reconcile', '--help']);
    expect(help.stdout).toContain('--reviewers NAME,NAME');
  });
});
