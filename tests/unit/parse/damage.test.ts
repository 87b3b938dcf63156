// Repair of PDF symbol-font damage (shared/parse/damage.ts): every split of a damaged "mean6sd" number,
// the plausibility rule for suspected damage, and when damage is suspected at all.
import { describe, expect, it } from 'vitest';
import { mayHaveLostPlusMinus, splitAtSix, suspectSix } from '../../../shared/parse/damage';
import { recognise } from '../../../shared/parse';

describe('splitAtSix', () => {
  it('splits at every inner "6" into two well-formed numbers', () => {
    expect(splitAtSix('23.564.3', true)).toEqual([{ mean: 23.5, sd: 4.3 }]);
    expect(splitAtSix('71610', false)).toEqual([{ mean: 71, sd: 10 }]);
    expect(splitAtSix('159678', false)).toEqual([{ mean: 159, sd: 78 }]);
  });

  it('keeps only SDs no larger than the mean when the damage is only suspected', () => {
    expect(splitAtSix('126654', true)).toEqual([
      { mean: 126, sd: 54 },
      { mean: 12, sd: 654 },
    ]);
    expect(splitAtSix('126654', false)).toEqual([{ mean: 126, sd: 54 }]);
    expect(splitAtSix('1650', false)).toEqual([]);
  });

  it('rejects leading zeros, empty sides and a zero SD', () => {
    expect(splitAtSix('1600', true)).toEqual([]);
    expect(splitAtSix('2016', true)).toEqual([]);
    expect(splitAtSix('6123', true)).toEqual([]);
    expect(splitAtSix('12.660.0', true)).toEqual([]);
  });

  it('orders candidates most plausible first', () => {
    expect(splitAtSix('12.6661.5', true)).toEqual([
      { mean: 12.66, sd: 1.5 },
      { mean: 12.6, sd: 61.5 },
    ]);
  });

  it('keeps the sign of a negative mean', () => {
    expect(splitAtSix('-12.361.5', true)).toEqual([{ mean: -12.3, sd: 1.5 }]);
  });
});

describe('suspectSix and mayHaveLostPlusMinus', () => {
  it('suspects integers of four or more digits with an inner 6', () => {
    expect(suspectSix('71610')).toBe(true);
    expect(suspectSix('7166.2')).toBe(true);
    expect(suspectSix('166')).toBe(false);
    expect(suspectSix('6123')).toBe(false);
    expect(suspectSix('1,088')).toBe(false);
  });

  it('suspects nothing in a text with an intact plus-minus', () => {
    expect(mayHaveLostPlusMinus('age 71610 years')).toBe(true);
    expect(mayHaveLostPlusMinus('age 55 ± 13 years')).toBe(false);
    expect(mayHaveLostPlusMinus('age 55 +/- 13 years')).toBe(false);
  });
});

describe('recognise: damage never repairs silently', () => {
  it('warns on every repaired statistic and says what was assumed', () => {
    const text = 'patients (71610 years) with $15% reduction (from 159678 to 145678 ml; P,0.001) and P#0.05';
    const list = recognise(text);
    expect(list).toHaveLength(5);
    for (const s of list) expect(s.warnings.join(' ')).toMatch(/damaged by PDF text extraction/);
  });

  it('returns candidates, not a value, when a damaged number splits two ways', () => {
    const [s] = recognise('QRS 12.6661.5 ms');
    expect(s?.kind).toBe('ambiguous');
    expect(s?.values).toEqual({});
    expect(s?.kind === 'ambiguous' ? s.candidates.length : 0).toBe(2);
  });

  it('uses the other side of a change to choose between splits', () => {
    const [s] = recognise('LVESV decreased from 174665 to 150678 ml');
    expect(s?.kind).toBe('change');
    expect(s?.values).toEqual({ before: { mean: 174, sd: 65 }, after: { mean: 150, sd: 78 } });
    expect(s?.warnings.some((w) => /other side/.test(w))).toBe(true);
  });
});
