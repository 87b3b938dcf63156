// Inputs that once took seconds to minutes because a parser rescanned the rest of the file for every
// line or entry: 64 KB of blank lines through format detection, BibTeX entries with an unclosed
// brace or quote, a one-column CSV. Each importer is now one pass over the text. The inputs are
// sized so the quadratic versions took well over the generous per-test timeout on this machine
// (2 cores): a failure here means a rescan came back, not that the machine was busy.
import { describe, expect, it } from 'vitest';
import { readReferences } from '../../../electron/backend/importers';
import { parseBibtex } from '../../../electron/backend/importers/bibtex';
import { parseCsv } from '../../../electron/backend/importers/csv';
import { detectFormat } from '../../../electron/backend/importers/detect';
import { parseMedline } from '../../../electron/backend/importers/medline';
import { parseRis } from '../../../electron/backend/importers/ris';

const TIMEOUT_MS = 20_000;

describe('every importer is linear in its input', () => {
  it(
    'detects the format of 64 KB of blank lines without backtracking (was 12–25 s)',
    () => {
      const blank = '\n'.repeat(64 * 1024);
      expect(detectFormat(blank, 'blank.txt')).toBeNull();
      expect(detectFormat(blank, 'blank.csv')).toBe('csv');
      expect(detectFormat(' \n'.repeat(16 * 1024) + '@article{k,\n title={T}}\n', 'refs.txt')).toBe('bibtex');
      const read = readReferences(Buffer.from(blank), 'blank.txt');
      expect(read.format).toBeNull();
    },
    TIMEOUT_MS,
  );

  it(
    'refuses 16,000 BibTeX entries with an unclosed brace, each once, with its line',
    () => {
      const n = 16_000;
      const text = Array.from(
        { length: n },
        (_, i) => `@article{k${i},\n  title = {{{never closed},\n  year = 2001\n}\n`,
      ).join('');
      const { records, errors } = parseBibtex(text);
      expect(records).toEqual([]);
      expect(errors).toHaveLength(n);
      expect(errors[0]).toEqual({ line: 2, message: '@entry starting on line 1: a "{" that is never closed' });
      expect(errors[n - 1]!.line).toBe(4 * (n - 1) + 2);
    },
    TIMEOUT_MS,
  );

  it(
    'refuses 16,000 BibTeX entries with an unclosed quote, and reads the good entry after them',
    () => {
      const n = 16_000;
      const text =
        Array.from({ length: n }, (_, i) => `@article{k${i},\n  title = "never {closed,\n  year = 2001\n}\n`).join('') +
        '@article{good,\n  title = {A good entry},\n  year = 2020\n}\n';
      const { records, errors } = parseBibtex(text);
      expect(records.map((r) => [r.line, r.title])).toEqual([[4 * n + 1, 'A good entry']]);
      expect(errors).toHaveLength(n);
      expect(errors.every((e) => e.message.endsWith('that is never closed'))).toBe(true);
    },
    TIMEOUT_MS,
  );

  it(
    'reads a one-column CSV of 200,000 rows (80,000 rows took 14 s)',
    () => {
      const n = 200_000;
      const text = `Title\n${Array.from({ length: n }, (_, i) => `Study ${i}`).join('\n')}\n`;
      const result = parseCsv(text);
      expect(result.errors).toEqual([]);
      expect(result.records).toHaveLength(n);
      expect(result.records[n - 1]).toMatchObject({ line: n + 1, title: `Study ${n - 1}` });
    },
    TIMEOUT_MS,
  );

  it(
    'reads long runs of lines outside records in RIS and MEDLINE as one note each',
    () => {
      const junk = 'not a tag\n'.repeat(100_000);
      const ris = parseRis(`${junk}TY  - JOUR\nTI  - After the junk\nER  - \n${junk}`);
      expect(ris.records.map((r) => r.title)).toEqual(['After the junk']);
      expect(ris.notes.map((n) => n.line)).toEqual([1, 100_004]);
      const medline = parseMedline(`PMID- 1\nTI  - A record\n\n${'  indented junk\n'.repeat(100_000)}`);
      expect(medline.records.map((r) => r.title)).toEqual(['A record']);
    },
    TIMEOUT_MS,
  );

  it(
    'splits a BibTeX author list of 20,000 names in one pass',
    () => {
      const authors = Array.from({ length: 20_000 }, (_, i) => `Author${i}, A.`).join(' and ');
      const { records, notes } = parseBibtex(`@article{k,\n  title = {Many authors},\n  author = {${authors}}\n}\n`);
      expect(records[0]!.authors).toHaveLength(5_000);
      expect(notes[0]!.message).toMatch(/20,000 authors; the first 5,000 are kept/);
    },
    TIMEOUT_MS,
  );
});
