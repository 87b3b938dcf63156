// Property-based fuzzing of every importer: thousands of random and mutated inputs. Whatever the
// input, a parser returns (never throws), every record it returns is well-formed, and every error
// is a typed {line, message} pointing inside the file. Generated valid files read back exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readReferences, type ParseResult, type ReferenceFormat } from '../../../electron/backend/importers';
import { parseBibtex } from '../../../electron/backend/importers/bibtex';
import { parseCsv } from '../../../electron/backend/importers/csv';
import { parseEndnoteXml } from '../../../electron/backend/importers/endnoteXml';
import { parseMedline } from '../../../electron/backend/importers/medline';
import { parseRis } from '../../../electron/backend/importers/ris';
import { fuzzRuns } from '../../helpers/fuzz';
import { detectFormat } from '../../../electron/backend/importers/detect';
import { REFERENCE_FORMATS } from '../../../electron/backend/importers/types';
import { fixtureText } from './fixtures';

/** Inputs per target in `npm test`; `npm run fuzz` runs 20,000 (tests/helpers/fuzz.ts). */
const RUNS = 800;

const PARSERS: Record<ReferenceFormat, { parse: (text: string) => ParseResult; fixtures: string[] }> = {
  ris: { parse: parseRis, fixtures: ['seeds.ris', 'continuation.ris', 'malformed.ris', 'bom-crlf.ris'] },
  medline: { parse: parseMedline, fixtures: ['seeds.nbib', 'malformed.nbib'] },
  endnote_xml: { parse: parseEndnoteXml, fixtures: ['sample.xml'] },
  bibtex: { parse: parseBibtex, fixtures: ['sample.bib'] },
  csv: { parse: (text) => parseCsv(text), fixtures: ['sample.csv', 'mapped.csv'] },
};

const KINDS = ['journal_article', 'conference_abstract', 'registry_record', 'other'];

/** The invariants every parse result keeps, whatever the input. */
function expectWellFormed(result: ParseResult, text: string): void {
  const lines = text.split('\n').length;
  expect(Array.isArray(result.records)).toBe(true);
  expect(Array.isArray(result.errors)).toBe(true);
  for (const r of result.records) {
    expect(r.title.trim().length).toBeGreaterThan(0);
    expect(r.title.length).toBeLessThanOrEqual(2_000);
    expect(KINDS).toContain(r.kind);
    expect(Number.isInteger(r.line) && r.line >= 1 && r.line <= lines).toBe(true);
    if (r.year !== null) expect(Number.isInteger(r.year) && r.year >= 1500 && r.year <= 2200).toBe(true);
    if (r.doi !== null) expect(r.doi).toMatch(/^10\.\d{3,9}\/\S+$/);
    if (r.pmid !== null) expect(r.pmid).toMatch(/^\d{1,10}$/);
    for (const a of r.authors) expect(typeof a === 'string' && a.length > 0 && a.length <= 200).toBe(true);
    for (const k of r.keywords) expect(typeof k === 'string' && k.length > 0).toBe(true);
  }
  for (const r of result.records) {
    for (const value of [r.title, r.journal, r.abstract, ...r.authors]) {
      // Text is stored without markup and without LaTeX braces left over.
      if (value) expect(value).not.toMatch(/<\/?jats:/);
    }
  }
  for (const n of result.notes) {
    expect(Object.keys(n).sort()).toEqual(['line', 'message']);
    expect(Number.isInteger(n.line) && n.line >= 1 && n.line <= lines).toBe(true);
    expect(typeof n.message === 'string' && n.message.length > 0).toBe(true);
  }
  for (const e of result.errors) {
    expect(Object.keys(e).sort()).toEqual(['line', 'message']);
    expect(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines).toBe(true);
    expect(typeof e.message === 'string' && e.message.length > 0).toBe(true);
  }
}

/** Random edits of a valid file: cut, insert, duplicate or swap lines, truncate. */
function mutated(text: string): fc.Arbitrary<string> {
  const edit = fc.oneof(
    fc.record({ op: fc.constant('cut' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 20, unit: 'binary' }) }),
    fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.constantFrom(
        '\n',
        '{',
        '}',
        '"',
        '<',
        '>',
        '&',
        '@',
        'TY  - ',
        'ER  - ',
        'PMID- ',
        '      ',
        ',',
        ';',
        '\\',
        '</record>',
        '<record>',
      ),
    }),
    fc.record({ op: fc.constant('dupLine' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('swapLines' as const), at: fc.nat(), other: fc.nat() }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let current = text;
    for (const e of edits) {
      const at = current.length === 0 ? 0 : e.at % (current.length + 1);
      if (e.op === 'cut') current = current.slice(0, at) + current.slice(at + e.length);
      else if (e.op === 'insert') current = current.slice(0, at) + e.text + current.slice(at);
      else if (e.op === 'truncate') current = current.slice(0, at);
      else {
        const ls = current.split('\n');
        const i = e.at % ls.length;
        if (e.op === 'dupLine') ls.splice(i, 0, ls[i]!);
        else {
          const j = e.other % ls.length;
          [ls[i], ls[j]] = [ls[j]!, ls[i]!];
        }
        current = ls.join('\n');
      }
    }
    return current;
  });
}

describe('importers under fuzzing', () => {
  for (const [format, { parse, fixtures }] of Object.entries(PARSERS) as [
    ReferenceFormat,
    (typeof PARSERS)[ReferenceFormat],
  ][]) {
    it(`${format} fuzz: random text never throws and gives only typed errors`, () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 400, unit: 'grapheme' }), (text) => expectWellFormed(parse(text), text)),
        { numRuns: fuzzRuns(RUNS) },
      );
    });

    it(`${format} fuzz: mutated fixtures never throw and give only typed errors`, () => {
      const texts = fixtures.map(fixtureText);
      fc.assert(
        fc.property(fc.constantFrom(...texts).chain(mutated), (text) => expectWellFormed(parse(text), text)),
        { numRuns: fuzzRuns(RUNS) },
      );
    });
  }

  it('decoding and detection fuzz: random bytes never throw', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom('a.ris', 'a.nbib', 'a.xml', 'a.bib', 'a.csv', 'a.txt'),
        (bytes, name) => {
          const read = readReferences(bytes, name);
          expect(read.errors.every((e) => e.line >= 1 && e.message.length > 0)).toBe(true);
        },
      ),
      { numRuns: fuzzRuns(RUNS) },
    );
  });
});

describe('format detection under fuzzing', () => {
  // Lines built from what detection looks at: tags, entry openings, XML, separators, long runs of
  // blank or white-space lines (the input that once made detection backtrack for seconds).
  const line = fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      '\t',
      '   \t ',
      'TY  - JOUR',
      'PMID- 1',
      'OWN - NLM',
      '@article{k,',
      '@ a (',
      '% c',
      '<xml>',
    ),
    fc.constantFrom('<records><record>', 'Title,Authors', 'a;b;c', '@', '{', '}', '"', 'ER  - '),
    fc.string({ maxLength: 30 }),
  );
  const text = fc.oneof(
    fc.array(line, { maxLength: 60 }).map((ls) => ls.join('\n')),
    fc
      .tuple(fc.nat({ max: 20_000 }), fc.constantFrom('\n', ' \n', '\t\n', '\r\n', ' '), line)
      .map(([n, unit, tail]) => unit.repeat(n) + tail),
  );
  const name = fc.constantFrom('a.ris', 'a.nbib', 'a.xml', 'a.bib', 'a.csv', 'a.tsv', 'a.txt', 'a', '.bib');

  it('detection fuzz: any text gives a known format or null, and never throws', () => {
    fc.assert(
      fc.property(text, name, (t, n) => {
        const format = detectFormat(t, n);
        expect(format === null || REFERENCE_FORMATS.includes(format)).toBe(true);
      }),
      { numRuns: fuzzRuns(RUNS) },
    );
  });

  it('whole-file fuzz: any text under any name reads to typed records, errors and notes', () => {
    fc.assert(
      fc.property(text, name, (t, n) => {
        const read = readReferences(Buffer.from(t, 'utf8'), n);
        expectWellFormed(read, t.replace(/\r\n?/g, '\n'));
      }),
      { numRuns: fuzzRuns(Math.round(RUNS / 4)) },
    );
  });
});

describe('generated files read back exactly', () => {
  const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/);
  const record = fc.record({
    title: fc.array(word, { minLength: 1, maxLength: 12 }).map((w) => w.join(' ')),
    authors: fc.array(
      fc.tuple(word, word).map(([s, g]) => `${s}, ${g}`),
      { maxLength: 6 },
    ),
    year: fc.option(fc.integer({ min: 1800, max: 2100 }), { nil: null }),
    doi: fc.option(
      fc.tuple(fc.integer({ min: 1000, max: 99999 }), word).map(([p, s]) => `10.${p}/${s}`),
      { nil: null },
    ),
    abstract: fc.option(
      fc.array(word, { minLength: 1, maxLength: 80 }).map((w) => w.join(' ')),
      { nil: null },
    ),
  });

  it('RIS', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), (records) => {
        const text = records
          .map((r) =>
            [
              'TY  - JOUR',
              `TI  - ${r.title}`,
              ...r.authors.map((a) => `AU  - ${a}`),
              ...(r.year === null ? [] : [`PY  - ${r.year}`]),
              ...(r.doi === null ? [] : [`DO  - ${r.doi}`]),
              ...(r.abstract === null ? [] : [`AB  - ${r.abstract}`]),
              'ER  - ',
              '',
            ].join('\r\n'),
          )
          .join('');
        const read = readReferences(Buffer.from(text, 'utf8'), 'x.ris');
        expect(read.errors).toEqual([]);
        expect(
          read.records.map(({ title, authors, year, doi, abstract }) => ({ title, authors, year, doi, abstract })),
        ).toEqual(records);
      }),
      { numRuns: 300 },
    );
  });

  it('MEDLINE, with long values wrapped onto continuation lines', () => {
    const wrap = (tag: string, value: string) => {
      const words = value.split(' ');
      const lines: string[] = [];
      let line = '';
      for (const w of words) {
        if (line && line.length + w.length > 70) {
          lines.push(line);
          line = w;
        } else line = line ? `${line} ${w}` : w;
      }
      lines.push(line);
      return [`${tag.padEnd(4)}- ${lines[0]}`, ...lines.slice(1).map((l) => `      ${l}`)];
    };
    fc.assert(
      fc.property(fc.array(record, { maxLength: 8 }), (records) => {
        const text = records
          .map((r, i) =>
            [
              `PMID- ${1000 + i}`,
              ...wrap('TI', r.title),
              ...r.authors.map((a) => `FAU - ${a}`),
              ...(r.year === null ? [] : [`DP  - ${r.year} Jan`]),
              ...(r.doi === null ? [] : [`LID - ${r.doi} [doi]`]),
              ...(r.abstract === null ? [] : wrap('AB', r.abstract)),
              '',
            ].join('\n'),
          )
          .join('\n');
        const read = readReferences(Buffer.from(text, 'utf8'), 'x.nbib');
        expect(read.errors).toEqual([]);
        expect(
          read.records.map(({ title, authors, year, doi, abstract }) => ({ title, authors, year, doi, abstract })),
        ).toEqual(records);
        expect(read.records.map((r) => r.pmid)).toEqual(records.map((_, i) => String(1000 + i)));
      }),
      { numRuns: 300 },
    );
  });
});
