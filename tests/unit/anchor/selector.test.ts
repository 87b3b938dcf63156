// Highlight anchors: found at their position, found again when the text moves or changes a little,
// told apart by context when the quote repeats, and orphaned (null) rather than misplaced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorIn, describeSelection } from '../../../shared/anchor/selector';
import { joinPageText } from '../../../shared/anchor/pageText';

const ABSTRACT =
  'LV volumes decreased (end-diastolic from 226 +/- 78 to 212 +/- 83 ml; p = 0.08). ' +
  'LV ejection fraction increased (23.5 +/- 4.3% to 32.0 +/- 9.1%; p <0.05). ' +
  'Intravenous inotropic therapy was discontinued in 9 of 10 patients after 15 +/- 14 days of CRT.';

function select(text: string, quote: string, occurrence = 0) {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(quote, at + 1);
  return describeSelection(text, at, at + quote.length);
}

describe('describeSelection', () => {
  it('keeps the exact text with up to 32 characters either side', () => {
    const anchor = select(ABSTRACT, '23.5 +/- 4.3%');
    expect(anchor.exact).toBe('23.5 +/- 4.3%');
    expect(anchor.prefix).toBe('LV ejection fraction increased (');
    expect(anchor.prefix).toHaveLength(32);
    expect(anchor.suffix).toBe(' to 32.0 +/- 9.1%; p <0.05). Int');
    expect(ABSTRACT.slice(anchor.start, anchor.end)).toBe(anchor.exact);
  });

  it('refuses a selection outside the text or empty', () => {
    expect(() => describeSelection('abc', 2, 2)).toThrow(RangeError);
    expect(() => describeSelection('abc', 1, 9)).toThrow(RangeError);
    expect(() => describeSelection('abc', -1, 1)).toThrow(RangeError);
  });
});

describe('anchorIn', () => {
  it('uses the recorded position while the text is unchanged', () => {
    const anchor = select(ABSTRACT, '9 of 10');
    expect(anchorIn(ABSTRACT, anchor)).toEqual({ start: anchor.start, end: anchor.end, method: 'position', score: 1 });
  });

  it('finds the quote again when text before it changed', () => {
    const anchor = select(ABSTRACT, '23.5 +/- 4.3%');
    const edited = `Results. ${ABSTRACT}`;
    const match = anchorIn(edited, anchor)!;
    expect(match.method).toBe('quote');
    expect(edited.slice(match.start, match.end)).toBe('23.5 +/- 4.3%');
  });

  it('finds the quote when line breaks and spacing differ', () => {
    const anchor = select(ABSTRACT, 'discontinued in 9 of 10 patients');
    const reflowed = ABSTRACT.replace('discontinued in 9 of', 'discontinued\nin  9 of');
    const match = anchorIn(reflowed, anchor)!;
    expect(match.method).toBe('quote');
    expect(reflowed.slice(match.start, match.end)).toBe('discontinued\nin  9 of 10 patients');
  });

  it('finds a slightly different quote approximately (a re-extracted PDF)', () => {
    const anchor = select(ABSTRACT, 'ejection fraction increased (23.5 +/- 4.3%');
    const reextracted = ABSTRACT.replace('(23.5 +/- 4.3%', '(23.5 ± 4.3%').replace('LV ejection', 'LV ejec-tion');
    const match = anchorIn(reextracted, anchor)!;
    expect(match.method).toBe('fuzzy');
    expect(reextracted.slice(match.start, match.end)).toMatch(/^ejec-?tion fraction increased \(23\.5 ± 4\.3%$/);
    expect(match.score).toBeGreaterThan(0.6);
    expect(match.score).toBeLessThan(1);
  });

  it('tells repeated quotes apart by their context', () => {
    const text = 'In the CRT arm 9 of 10 responded. In the ICD arm 9 of 10 were readmitted.';
    const second = select(text, '9 of 10', 1);
    const moved = `Summary. ${text}`;
    const match = anchorIn(moved, second)!;
    expect(match.start).toBe(moved.lastIndexOf('9 of 10'));
  });

  it('orphans an anchor whose text has gone, rather than placing it elsewhere', () => {
    const anchor = select(ABSTRACT, '23.5 +/- 4.3%');
    expect(anchorIn('A different abstract about renal function, eGFR 25 to 30.', anchor)).toBeNull();
    expect(anchorIn('', anchor)).toBeNull();
  });

  it('always finds an unchanged selection exactly, and a shifted one at its new place', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 40 }),
        (text, a, b, insert) => {
          const start = a % text.length;
          const end = start + 1 + (b % (text.length - start));
          const anchor = describeSelection(text, start, end);
          expect(anchorIn(text, anchor)).toMatchObject({ start, end, method: 'position' });
          const shifted = insert + text;
          const match = anchorIn(shifted, anchor);
          expect(match).not.toBeNull();
          expect(shifted.slice(match!.start, match!.end)).toBe(anchor.exact);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('joinPageText', () => {
  it('joins pdf.js items, ending a line where an item says so, and records where each starts', () => {
    const items = [{ str: 'LVEF 23.5 ±', hasEOL: true }, { str: '4.3%' }, { str: ' at baseline', hasEOL: false }];
    const { text, itemStarts } = joinPageText(items);
    expect(text).toBe('LVEF 23.5 ±\n4.3% at baseline');
    items.forEach((item, i) => expect(text.slice(itemStarts[i], itemStarts[i]! + item.str.length)).toBe(item.str));
  });
});
