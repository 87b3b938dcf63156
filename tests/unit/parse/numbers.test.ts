// Reading numbers as papers write them (shared/parse/numbers.ts) and the tokens built on them
// (shared/parse/tokens.ts): thousands separators, decimal commas only where unambiguous, exponents,
// malformed runs kept whole for damage repair, Unicode minus and range dashes.
import { describe, expect, it } from 'vitest';
import { parseNumeral, scanNumber, usesDecimalComma } from '../../../shared/parse/numbers';
import { tokenize } from '../../../shared/parse/tokens';

describe('parseNumeral', () => {
  it.each([
    ['1088', 1088, true],
    ['1,088', 1088, true],
    ['12,450,000', 12450000, true],
    ['1,088.5', 1088.5, false],
    ['0.54', 0.54, false],
    ['.03', 0.03, false],
  ])('%s is %d', (raw, value, isInt) => {
    expect(parseNumeral(raw, false)).toEqual({ value, isInt, comma: false });
  });

  it('reads a decimal comma only in decimal-comma texts and never where it could be thousands', () => {
    expect(parseNumeral('23,5', false)).toBeNull();
    expect(parseNumeral('23,5', true)).toEqual({ value: 23.5, isInt: false, comma: true });
    expect(parseNumeral('0,27', true)).toEqual({ value: 0.27, isInt: false, comma: true });
    expect(parseNumeral('1,088', true)).toEqual({ value: 1088, isInt: true, comma: false });
  });

  it('rejects what is not one number', () => {
    for (const raw of ['1,2,3', '1,08', '23.564.3', '', '1.', ',5']) expect(parseNumeral(raw, false)).toBeNull();
  });
});

describe('usesDecimalComma', () => {
  it('is true only for texts with comma decimals and no point decimals', () => {
    expect(usesDecimalComma('HR 0,51 (0,27–0,98)')).toBe(true);
    expect(usesDecimalComma('HR 0.51 (0.27–0.98) in 1,2 and 3')).toBe(false);
    expect(usesDecimalComma('n = 1,088')).toBe(false);
    expect(usesDecimalComma('references 1,2')).toBe(true);
  });
});

describe('scanNumber', () => {
  it('takes the longest well-formed prefix of a run that is not one number', () => {
    expect(scanNumber('0.27,0.98', 0, false)).toMatchObject({ end: 4, value: 0.27, malformed: false });
    expect(scanNumber('1,2,3 and', 0, false)).toMatchObject({ end: 1, value: 1 });
  });

  it('keeps a run with two decimal points whole and marks it malformed', () => {
    expect(scanNumber('23.564.3%', 0, false)).toMatchObject({ end: 8, malformed: true });
  });

  it('reads an exponent written after the digits', () => {
    expect(scanNumber('p 1.2e-5', 2, false)).toMatchObject({ end: 8, value: 1.2e-5, isInt: false });
    expect(scanNumber('2e', 0, false)).toMatchObject({ end: 1, value: 2 });
  });

  it('stops after a bounded length, so long digit runs stay linear', () => {
    const scanned = scanNumber('9'.repeat(1000), 0, false);
    expect(scanned.end).toBeLessThan(100);
  });
});

describe('tokenize', () => {
  const kinds = (text: string) => tokenize(text).list.map((t) => (t.type === 'num' ? t.value : t.norm));

  it('treats a dash before a digit as a sign only where it cannot be a range dash', () => {
    expect(kinds('(−3.5 to −0.7)')).toEqual(['(', -3.5, 'to', -0.7, ')']);
    expect(kinds('0.27–0.98')).toEqual([0.27, '-', 0.98]);
    expect(kinds('MD -4.3')).toEqual(['md', -4.3]);
    expect(kinds('COVID-19')).toEqual(['covid', '-', 19]);
    expect(kinds('0.27 - 0.98')).toEqual([0.27, '-', 0.98]);
  });

  it('normalises plus-minus and comparison spellings', () => {
    expect(kinds('1 +/- 2 +- 3 ± 4 <= 5 >= 6 ≤ 7 ≥ 8')).toEqual([
      1,
      '±',
      2,
      '±',
      3,
      '±',
      4,
      '≤',
      5,
      '≥',
      6,
      '≤',
      7,
      '≥',
      8,
    ]);
  });

  it('keeps identifiers with digits as one word and reads superscript exponents', () => {
    expect(kinds('HbA1c Q1 I² 10⁻⁴')).toEqual(['hba1c', 'q1', 'i', '2', 10, '-4']);
    const sup = tokenize('10⁻⁴').list[1];
    expect(sup).toMatchObject({ type: 'sup', value: -4 });
  });

  it('records offsets into the text, including across line breaks and astral characters', () => {
    const text = 'x 😀 4.3 ±\n1.9';
    for (const t of tokenize(text).list) expect(t.end).toBeGreaterThan(t.start);
    const nums = tokenize(text).list.filter((t) => t.type === 'num');
    expect(nums.map((t) => text.slice(t.start, t.end))).toEqual(['4.3', '1.9']);
  });
});
