// Units after numbers (shared/parse/units.ts): what is read, where it ends, and the canonical spelling.
import { describe, expect, it } from 'vitest';
import { canonicalUnit, readUnit } from '../../../shared/parse/units';

describe('readUnit', () => {
  it.each([
    ['%', '%'],
    [' ms', 'ms'],
    [' years', 'years'],
    [' mm Hg', 'mm Hg'],
    [' mmHg', 'mm Hg'],
    [' ml/min per 1.73 m 2 ;', 'ml/min per 1.73 m²'],
    [' ml/min/1.73 m²', 'ml/min/1.73 m²'],
    [' microg/kg/min', 'µg/kg/min'],
    [' mcg/kg/min', 'µg/kg/min'],
    [' μg/kg/min', 'µg/kg/min'],
    [' kg/m2', 'kg/m²'],
    [' mg/dL', 'mg/dL'],
    [' percent', '%'],
    ['\n      years', 'years'],
  ])('reads %j as %j', (after, unit) => {
    const text = `12${after}`;
    const read = readUnit(text, 2);
    expect(read?.unit).toBe(unit);
    expect(text.slice(2, read?.end)).toBe(after.replace(/ ;$/, ''));
  });

  it('reads no unit from ordinary words or a following number', () => {
    for (const after of [' patients', ' of 10', ' to 14', ' mortality', ' 212', '-month', ' most', ' days1']) {
      expect(readUnit(`12${after}`, 2)).toBeNull();
    }
  });

  it('does not take a digit that starts the next number as an exponent', () => {
    expect(readUnit('12 m 25 patients', 2)?.unit).toBe('m');
  });
});

describe('canonicalUnit', () => {
  it('is stable: a canonical unit spells itself', () => {
    for (const u of ['ml/min per 1.73 m²', 'µg/kg/min', 'mm Hg', 'kg/m²', '%', 'cm H₂O'])
      expect(canonicalUnit(u)).toBe(u);
  });
});
