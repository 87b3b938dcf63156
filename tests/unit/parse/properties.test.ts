// Property tests of the statistics recogniser (fast-check): no input makes it throw, offsets always
// slice to the reported text, statistics are ordered and never overlap, every value is a finite number,
// the output is deterministic, and neutral text around a phrasing only shifts its offsets. Seeds are
// fixed so a failure reproduces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recognise } from '../../../shared/parse';
import { expectWellFormed } from './contract';
import { phrasings } from './phrasings';

// Pieces that statistics are made of, so random strings often come close to real ones.
const PIECES = [
  '0',
  '1',
  '2',
  '3',
  '6',
  '9',
  '12',
  '0.5',
  '23.5',
  '1,088',
  '4,3',
  '.03',
  '66',
  '1666',
  '.',
  ',',
  ';',
  ':',
  ' ',
  ' ',
  '\n',
  '±',
  '+/-',
  '+-',
  '%',
  '(',
  ')',
  '[',
  ']',
  '-',
  '–',
  '—',
  '−',
  '/',
  '=',
  '<',
  '>',
  '≤',
  '≥',
  '$',
  '#',
  '×',
  '10',
  '⁻⁴',
  '^',
  'e-5',
  'P',
  'p',
  'n',
  'N',
  'HR',
  'aOR',
  'OR',
  'hazard ratio',
  'CI',
  '95%',
  '95% CI',
  'to',
  'of',
  'out of',
  'from',
  'median',
  'IQR',
  'range',
  'SD',
  'SE',
  'SEM',
  'mean',
  'patients',
  'ms',
  'ml',
  'ml/min per 1.73 m 2',
  'years',
  'mm Hg',
  'µg/kg/min',
  'Ten',
  'MD',
  'difference',
  'for',
  'value',
  'x10',
  '25th',
  'th',
  'Q1',
  'Q3',
  'é',
  '😀',
  '\u0000',
  '\uD800',
];

const statLike = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));
const anyString = fc.string({ unit: 'binary', maxLength: 200 });
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert', 'delete', 'replace'),
  piece: fc.constantFrom(...PIECES),
});
const mutated = fc
  .tuple(fc.constantFrom(...phrasings.map((p) => p.input)), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([input, edits]) => {
    let s = input;
    for (const e of edits) {
      const at = s.length === 0 ? 0 : e.at % s.length;
      if (e.kind === 'insert') s = s.slice(0, at) + e.piece + s.slice(at);
      else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + 1 + (e.at % 4));
      else s = s.slice(0, at) + e.piece + s.slice(at + e.piece.length);
    }
    return s;
  });

describe('recognise: properties', () => {
  it('never throws on random strings, and its output keeps the contract', () => {
    fc.assert(
      fc.property(anyString, (input) => expectWellFormed(input, recognise(input))),
      { numRuns: 2000, seed: 4 },
    );
  });

  it('never throws on strings made of statistics pieces, and its output keeps the contract', () => {
    fc.assert(
      fc.property(statLike, (input) => expectWellFormed(input, recognise(input))),
      { numRuns: 3000, seed: 44 },
    );
  });

  it('never throws on mutated real phrasings, and its output keeps the contract', () => {
    fc.assert(
      fc.property(mutated, (input) => expectWellFormed(input, recognise(input))),
      { numRuns: 3000, seed: 444 },
    );
  });

  it('is deterministic: the same input gives the same output', () => {
    fc.assert(
      fc.property(fc.oneof(statLike, mutated), (input) => {
        expect(JSON.stringify(recognise(input))).toBe(JSON.stringify(recognise(input)));
      }),
      { numRuns: 1000, seed: 5 },
    );
  });

  it('only shifts offsets when a neutral line and words surround a phrasing', () => {
    const prefix = 'In summary:\n';
    const suffix = ' as shown';
    for (const row of phrasings) {
      const alone = recognise(row.input);
      const framed = recognise(prefix + row.input + suffix);
      expect(framed).toEqual(alone.map((s) => ({ ...s, start: s.start + prefix.length, end: s.end + prefix.length })));
    }
  });

  // Catastrophic backtracking would hang here; the generous timeout turns a hang into a failure.
  // Speed itself is measured in the recogniser benchmark, not here.
  it('reads long and pathological inputs whole', () => {
    const inputs = [
      '1'.repeat(100_000),
      '6'.repeat(100_000),
      '('.repeat(50_000) + '1 ± 2' + ')'.repeat(50_000),
      '1.'.repeat(50_000),
      '1,'.repeat(50_000),
      'median '.repeat(20_000),
      'HR 0.5 ('.repeat(20_000),
      'P = '.repeat(25_000),
      '1 ± '.repeat(25_000),
      'from 1 to '.repeat(10_000),
      ' '.repeat(100_000) + 'x',
    ];
    for (const input of inputs) expectWellFormed(input, recognise(input));
  }, 60_000);
});
