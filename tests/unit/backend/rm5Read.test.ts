// The RevMan 5 reader (electron/backend/services/rm5/read.ts): what it reads from a well-formed file
// (names with markup characters and non-ASCII letters, numbers as RevMan writes them, subgroups), and
// that any input at all, damaged copies of a real file among them, either reads or is refused with a
// CaliperError naming the file: never another exception.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaliperError } from '../../../shared/contract/result';
import { parseRm5, rm5Number, RM5_MAX_BYTES } from '../../../electron/backend/services/rm5/read';
import { fuzzRuns } from '../../helpers/fuzz';

const SMALL = readFileSync(fileURLToPath(new URL('../../fixtures/rm5/small-review.rm5', import.meta.url)));

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Row {
  study: number;
  e1: number;
  n1: number;
  e2: number;
  n2: number;
}

function document(names: string[], rows: Row[], outcomeName: string, subgroups: boolean): string {
  const studies = names
    .map((n, i) => `<STUDY ID="STD-${i}" NAME="${esc(n)}" YEAR="${2000 + i}"><IDENTIFIERS/></STUDY>`)
    .join('\n');
  const data = rows
    .map(
      (r) =>
        `<DICH_DATA EVENTS_1="${r.e1}" TOTAL_1="${r.n1}" EVENTS_2="${r.e2}" TOTAL_2="${r.n2}" STUDY_ID="STD-${r.study}"/>`,
    )
    .join('\n');
  const body = subgroups
    ? `<DICH_SUBGROUP ID="S1"><NAME>${esc(outcomeName)} A</NAME>\n${data}\n</DICH_SUBGROUP>`
    : data;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<COCHRANE_REVIEW><COVER_SHEET><TITLE>T</TITLE></COVER_SHEET>',
    `<STUDIES_AND_REFERENCES><STUDIES><INCLUDED_STUDIES>\n${studies}\n</INCLUDED_STUDIES></STUDIES></STUDIES_AND_REFERENCES>`,
    '<ANALYSES_AND_DATA><COMPARISON ID="CMP-001" NO="1"><NAME>C</NAME>',
    `<DICH_OUTCOME ID="CMP-001.01" NO="1" EFFECT_MEASURE="RR" METHOD="MH" RANDOM="YES" CI_TOTAL="95"><NAME>${esc(outcomeName)}</NAME>`,
    '<GROUP_LABEL_1>A &amp; B</GROUP_LABEL_1><GROUP_LABEL_2>Control</GROUP_LABEL_2>',
    body,
    '</DICH_OUTCOME></COMPARISON></ANALYSES_AND_DATA></COCHRANE_REVIEW>',
  ].join('\n');
}

/** Names as reviewers write them: letters, digits, markup characters, accents, CJK; trimmed and single-spaced. */
const name = fc
  .array(fc.constantFrom(...'Ab z9&<>"\'é中-.,()'.split('')), { minLength: 1, maxLength: 24 })
  .map((cs) => cs.join('').replace(/\s+/g, ' ').trim())
  .filter((s) => s.length > 0);

describe('the RevMan 5 reader', () => {
  it('reads numbers as RevMan writes them, and nothing else as a number', () => {
    expect(['12', '0.5', '-3.0', '4.9E-7', '1.0E21', '.5'].map(rm5Number)).toEqual([12, 0.5, -3, 4.9e-7, 1e21, 0.5]);
    for (const bad of ['', ' ', '0x10', '1e', 'NaN', 'Infinity', '1,5', '12abc', undefined])
      expect(rm5Number(bad)).toBeNaN();
  });

  it('reads the small committed file: studies, outcomes, subgroups, ISO-8859-1 names and entities', () => {
    const review = parseRm5(SMALL, 'small-review.rm5');
    expect(review.title).toBe('A small review for testing RevMan import');
    expect(review.studies.map((s) => s.name)).toContain('Müller & Roe 1999');
    const outcomes = review.comparisons.flatMap((c) => c.outcomes);
    expect(outcomes.map((o) => o.kind)).toEqual(['DICH', 'DICH', 'DICH', 'DICH', 'DICH', 'CONT', 'CONT', 'IV']);
    expect(outcomes[4]!.name).toBe('Tuberculosis by allocation <subgroups>');
    expect(outcomes[4]!.subgroups.map((g) => [g.name, g.rows.length])).toEqual([
      ['Allocation: random', 7],
      ['Allocation: alternate', 2],
      ['Allocation: systematic', 4],
    ]);
    // Every row knows its line: the line of its element in the file.
    const lines = SMALL.toString('latin1').split('\n');
    for (const row of outcomes.flatMap((o) => o.rows))
      expect(lines[row.line - 1]).toContain(`STUDY_ID="${row.studyId}"`);
  });

  it('refuses a file over the size limit before reading it', () => {
    const big = new Uint8Array(RM5_MAX_BYTES + 1);
    expect(() => parseRm5(big, 'big.rm5')).toThrow(/big\.rm5 is 64 MB: RevMan files larger than 64 MB are not read/);
  });

  it('rm5 fuzz: generated reviews read back with the same names, counts and subgroups', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1, maxLength: 6, selector: (s) => s.toLowerCase() }),
        fc.array(fc.tuple(fc.nat(5), fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50)), { maxLength: 8 }),
        name,
        fc.boolean(),
        (names, raw, outcomeName, subgroups) => {
          const rows = raw.map(([s, a, b, c, d]) => ({
            study: s % names.length,
            e1: Math.min(a, b),
            n1: Math.max(a, b),
            e2: Math.min(c, d),
            n2: Math.max(c, d),
          }));
          const review = parseRm5(Buffer.from(document(names, rows, outcomeName, subgroups), 'utf8'), 'gen.rm5');
          expect(review.studies.map((s) => s.name)).toEqual(names);
          const [outcome] = review.comparisons[0]!.outcomes;
          expect(outcome!.name).toBe(outcomeName);
          expect(outcome!.groupLabels).toEqual(['A & B', 'Control']);
          expect(outcome!.subgroups.length).toBe(subgroups ? 1 : 0);
          expect(
            outcome!.rows.map((r) => [
              Number(r.studyId.slice(4)),
              ...['EVENTS_1', 'TOTAL_1', 'EVENTS_2', 'TOTAL_2'].map((f) => Number(r.attrs[f])),
            ]),
          ).toEqual(rows.map((r) => [r.study, r.e1, r.n1, r.e2, r.n2]));
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
  });

  it('rm5 fuzz: any bytes, and damaged copies of a real file, read or are refused with a CaliperError', () => {
    const text = SMALL.toString('latin1');
    const damaged = fc.oneof(
      fc.string({ maxLength: 300 }).map((s) => Buffer.from(s, 'utf8')),
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.nat(text.length).map((n) => Buffer.from(text.slice(0, n), 'latin1')),
      fc
        .tuple(fc.nat(text.length), fc.nat(40), fc.string({ maxLength: 12 }))
        .map(([at, cut, insert]) => Buffer.from(text.slice(0, at) + insert + text.slice(at + cut), 'latin1')),
      fc
        .tuple(
          fc.nat(text.length),
          fc.constantFrom('<', '>', '"', '&', '</DICH_DATA>', '<!DOCTYPE x>', '&#0;', '\u0000'),
        )
        .map(([at, insert]) => Buffer.from(text.slice(0, at) + insert + text.slice(at), 'latin1')),
    );
    fc.assert(
      fc.property(damaged, (bytes) => {
        try {
          const review = parseRm5(bytes, 'fuzz.rm5');
          expect(Array.isArray(review.studies)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(CaliperError);
          expect((error as CaliperError).code).toBe('validation');
          expect((error as Error).message.startsWith('fuzz.rm5')).toBe(true);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });
});
