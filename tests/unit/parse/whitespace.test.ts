// Fuzz tests of the recogniser and its tokeniser over the spaces real text carries: no-break (U+00A0),
// thin (U+2009), narrow no-break (U+202F), figure (U+2007), hair (U+200A) spaces, tabs and line breaks,
// placed between digits, around decimal points and inside real phrasings. A thin space before three
// digits after a decimal ("12.5\u2009250 ms") once made the tokeniser stand still and the reader freeze,
// so every input here must finish, every token must move the tokeniser on, and the output keeps the
// contract (finite values, offsets that slice to the text). Seeds are fixed so a failure reproduces.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recognise } from '../../../shared/parse';
import { tokenize } from '../../../shared/parse/tokens';
import { fuzzRuns } from '../../helpers/fuzz';
import { expectWellFormed } from './contract';
import { phrasings } from './phrasings';

const SPACES = [' ', '\u00a0', '\u2009', '\u202f', '\u2007', '\u200a', '\t', '\n', '\r\n', '\u2028', '  ', ''];

/** A generous bound per input: linear work on these short inputs takes well under a millisecond. */
const PER_INPUT_MS = 2_000;

const space = fc.constantFrom(...SPACES);
const digits = fc.stringMatching(/^[0-9]{1,4}$/);
const sep = fc.constantFrom('.', ',', '·', '');
const word = fc.constantFrom('QRS', 'ms', 'patients', 'by', '%', '±', '(', ')', '–', '−', 'n =', 'P <', 'e5', 'e309');

/** Numbers cut by spaces in every place: "12.5\u2009250", "1\u00a0088", ".5\u202f100", "1e309". */
const spacedNumbers = fc
  .array(fc.tuple(fc.oneof(digits, word), sep, space, digits), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.map(([a, b, c, d]) => `${a}${b}${c}${d}`).join(' '));

/** Real phrasings with each space replaced by a random whitespace variant. */
const respaced = fc
  .tuple(fc.constantFrom(...phrasings.map((p) => p.input)), fc.array(space, { minLength: 1, maxLength: 64 }))
  .map(([input, spaces]) => {
    let k = 0;
    return input.replace(/ /g, () => spaces[k++ % spaces.length] as string);
  });

function guarded(input: string): void {
  const started = performance.now();
  const list = recognise(input);
  const ms = performance.now() - started;
  if (ms > PER_INPUT_MS) throw new Error(`took ${Math.round(ms)} ms on ${JSON.stringify(input)}`);
  expectWellFormed(input, list);
}

describe('recognise: whitespace variants', () => {
  it('reads the inputs that once hung the tokeniser, without a non-finite value', () => {
    for (const input of [
      'QRS 12.5\u2009250 ms',
      'reduced by 1.5\u00a0100 patients',
      '.5\u202f100',
      'LVEF 12,5\u2009250 ms',
      'LVEF 1e309%',
      `${'0.'}${'0'.repeat(60)}11e5±0.000`,
    ])
      guarded(input);
    expect(recognise('reduced by 1.5\u00a0100 patients').map((s) => s.text)).toEqual(['100 patients']);
    expect(recognise('LVEF 1e309%')).toEqual([]);
    // Digit groups with thin or no-break spaces are still one number.
    expect(recognise('n = 1\u2009088').map((s) => s.values)).toEqual([{ n: 1088 }]);
    expect(recognise('n = 12\u00a0450').map((s) => s.values)).toEqual([{ n: 12450 }]);
  });

  it('fuzz: every token moves the tokeniser on, whatever spaces cut the numbers', () => {
    fc.assert(
      fc.property(fc.oneof(spacedNumbers, respaced), (input) => {
        let previous = 0;
        for (const t of tokenize(input).list) {
          expect(t.start).toBeGreaterThanOrEqual(previous);
          expect(t.end).toBeGreaterThan(t.start);
          previous = t.end;
        }
      }),
      { numRuns: fuzzRuns(1000), seed: 2009 },
    );
  });

  it('fuzz: numbers cut by Unicode spaces are read in time and keep the contract', () => {
    fc.assert(fc.property(spacedNumbers, guarded), { numRuns: fuzzRuns(1000), seed: 160 });
  });

  it('fuzz: real phrasings with their spaces varied are read in time and keep the contract', () => {
    fc.assert(fc.property(respaced, guarded), { numRuns: fuzzRuns(1000), seed: 202 });
  });
});
