// The CSV every export writes, read back with csv-parse: text a spreadsheet would run as a formula
// gets a leading apostrophe, everything else (numbers, negative numbers, quotes, commas, line breaks,
// non-ASCII) comes back exactly; the BOM is there only when asked for.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvWriter, neutralise } from '../../../electron/backend/services/exports/csvOut';
import { tempDir } from '../../helpers/temp';

describe('CSV cells', () => {
  it('neutralises formula-like text and leaves numbers and other text alone', async () => {
    const hostile = ['=1+1', '+41 22', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd', '=HYPERLINK("http://x")'];
    const plain = ['a,b "c"\nd', 'Ωmega – 9 of 10', '', ' =not at start', '−1.2'];
    const file = path.join(tempDir(), 'cells.csv');
    const out = await csvWriter(file, ['text', 'number'], false);
    for (const text of [...hostile, ...plain]) await out.row([text, -1.2]);
    await out.row([null, 0]);
    await out.end();
    expect(out.rows).toBe(hostile.length + plain.length + 1);
    const bytes = readFileSync(file);
    expect(bytes[0]).not.toBe(0xef);
    const rows = parse(bytes, { columns: true }) as { text: string; number: string }[];
    expect(rows.map((r) => r.text)).toEqual([...hostile.map((h) => `'${h}`), ...plain, '']);
    expect(rows.every((r, i) => r.number === (i === rows.length - 1 ? '0' : '-1.2'))).toBe(true);
    expect(neutralise('12')).toBe('12');
  });

  it('starts with a byte-order mark when asked, and ends records with CRLF', async () => {
    const file = path.join(tempDir(), 'bom.csv');
    const out = await csvWriter(file, ['a'], true);
    await out.row(['é']);
    await out.end();
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('a\r\né\r\n');
  });
});
