// `caliper export` against real review files: each format written with a one-line JSON summary whose
// count matches the file; bad input (an unknown format, layer or option, a file that is not a review,
// a format this version does not have, a folder that does not exist) exits 2 with a one-line JSON error
// naming what is wrong, and nothing is written.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { createSampleReview } from '../../electron/backend/services/review';
import { tempDir, testBackend } from '../helpers/temp';

async function caliper(args: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(args, {
    readStdin: async () => '',
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
  });
  return { code, ...out };
}

function sampleFile(): { file: string; dir: string } {
  const t = testBackend();
  const info = createSampleReview(t.backend.context());
  t.backend.close();
  return { file: info.path, dir: t.dataDir };
}

describe('caliper export', () => {
  it('writes each format and prints {path, format, rows}', async () => {
    const { file, dir } = sampleFile();
    const out = tempDir();
    const args = (format: string, name: string, ...more: string[]) => [
      'export',
      '--review',
      file,
      '--format',
      format,
      '--out',
      path.join(out, name),
      '--data-dir',
      dir,
      ...more,
    ];
    const csv = await caliper(args('csv', 'long.csv', '--bom', '--studies', 'all'));
    expect(csv.stderr).toBe('');
    expect(csv.code).toBe(0);
    expect(csv.stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(csv.stdout);
    expect(summary).toEqual({ path: path.join(out, 'long.csv'), format: 'csv', rows: expect.any(Number) });
    const rows = parse(readFileSync(summary.path), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(summary.rows);
    expect(rows.length).toBeGreaterThan(5);
    expect(readFileSync(summary.path).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));

    const xlsx = await caliper(args('xlsx', 'sheet.xlsx', '--layer', 'consensus'));
    expect(xlsx.code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(JSON.parse(xlsx.stdout).path);
    let sheetRows = 0;
    for (const s of wb.worksheets) sheetRows += s.actualRowCount - 1;
    expect(JSON.parse(xlsx.stdout).rows).toBe(sheetRows);

    const r = await caliper(args('r', 'all.R'));
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'r', analyses: 5 });
    // RevMan 5 and the whole review: each read back by its own parser.
    const rm5 = await caliper(args('rm5', 'review.rm5'));
    expect(rm5.code, rm5.stderr).toBe(0);
    const xml = readFileSync(JSON.parse(rm5.stdout).path, 'utf8');
    expect(xml).toMatch(/<COCHRANE_REVIEW[\s>]/);
    expect((xml.match(/<STUDY /g) ?? []).length).toBe(JSON.parse(rm5.stdout).studies);
    const json = await caliper(args('json', 'review.json'));
    expect(json.code, json.stderr).toBe(0);
    const whole = JSON.parse(readFileSync(JSON.parse(json.stdout).path, 'utf8')) as { format: string };
    expect(whole.format).toBe('caliper-review');
    // Complete only: no study of the sample has a finished consensus, so no rows.
    const complete = await caliper(args('csv', 'complete.csv', '--studies', 'complete'));
    expect(JSON.parse(complete.stdout).rows).toBe(0);
  });

  it('exits 2 with a one-line JSON error and writes nothing on bad input', async () => {
    const { file, dir } = sampleFile();
    const out = tempDir();
    const notReview = path.join(out, 'notes.caliper');
    writeFileSync(notReview, 'just some text, not a review');
    const cases: [string[], string, RegExp][] = [
      [['--review', file, '--format', 'pdf'], 'validation', /Unknown export format "pdf"/],
      [['--review', file, '--format', 'rm5', '--layer', 'all'], 'validation', /RevMan file holds one set of values/],
      [['--review', file, '--format', 'csv', '--layer', 'Nobody'], 'not_found', /No reviewer called "Nobody"/],
      [['--review', file, '--format', 'csv', '--studies', 'some'], 'validation', /--studies must be all or complete/],
      [['--review', notReview, '--format', 'csv'], 'not_a_review', /notes\.caliper/],
      [['--review', path.join(out, 'missing.caliper'), '--format', 'csv'], 'not_found', /no such review file/],
    ];
    for (const [extra, code, message] of cases) {
      const run = await caliper(['export', ...extra, '--out', path.join(out, 'x.out'), '--data-dir', dir]);
      expect(run.code, extra.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      const error = JSON.parse(run.stderr).error;
      expect(error.code, extra.join(' ')).toBe(code);
      expect(error.message).toMatch(message);
    }
    const noFolder = await caliper([
      'export',
      '--review',
      file,
      '--format',
      'xlsx',
      '--out',
      path.join(out, 'nowhere', 'x.xlsx'),
      '--data-dir',
      dir,
    ]);
    expect(noFolder.code).toBe(2);
    expect(JSON.parse(noFolder.stderr).error.message).toMatch(/does not exist/);
    expect(readdirSync(out).sort()).toEqual(['notes.caliper']);
    expect(existsSync(path.join(out, 'nowhere'))).toBe(false);
  });
});
