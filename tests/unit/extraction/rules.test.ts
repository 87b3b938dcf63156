// The rules a value must meet to enter its field or cell, and what a field type change does to a
// stored value: checked one by one, with the reasons a reviewer reads.
import { describe, expect, it } from 'vitest';
import {
  checkComponent,
  checkFieldValue,
  convertForType,
  describeTarget,
  isRatioMeasure,
  parseNumber,
  storedJson,
} from '../../../shared/extraction/rules';
import type { ExtractionForm, OutcomeDefinition } from '../../../shared/model/extraction';

const outcome = (over: Partial<OutcomeDefinition>): OutcomeDefinition => ({
  id: 'o',
  name: 'LVEF',
  dataType: 'mean',
  unit: '%',
  measure: null,
  timepoints: [{ id: 't', label: 'Baseline' }],
  archived: false,
  ...over,
});

const none = new Map<string, number | null>();

describe('field values', () => {
  it('take numbers, whole numbers, dates and choices in their own types', () => {
    expect(checkFieldValue({ type: 'number', options: [] }, '4.5')).toEqual({ ok: true, value: 4.5 });
    expect(checkFieldValue({ type: 'number', options: [] }, '4,5')).toEqual({
      ok: false,
      reason: '"4,5" is not a number',
    });
    expect(checkFieldValue({ type: 'integer', options: [] }, 10.5)).toEqual({
      ok: false,
      reason: 'must be a whole number (got 10.5)',
    });
    expect(checkFieldValue({ type: 'date', options: [] }, '2015-02-29')).toMatchObject({ ok: false });
    expect(checkFieldValue({ type: 'date', options: [] }, '2016-02-29')).toEqual({ ok: true, value: '2016-02-29' });
    expect(checkFieldValue({ type: 'date', options: [] }, '2016-13')).toMatchObject({ ok: false });
    expect(checkFieldValue({ type: 'yes_no_unclear', options: [] }, 'Yes')).toEqual({ ok: true, value: 'yes' });
    expect(checkFieldValue({ type: 'multiple_choice', options: ['A', 'B'] }, ['a', 'B', 'A'])).toEqual({
      ok: true,
      value: ['A', 'B'],
    });
    expect(checkFieldValue({ type: 'single_choice', options: ['A'] }, ['A'])).toEqual({
      ok: false,
      reason: 'takes one choice',
    });
    expect(checkFieldValue({ type: 'text', options: [] }, '  ')).toMatchObject({ ok: false });
  });

  it('convert on a type change only when nothing is lost', () => {
    expect(convertForType('12', { type: 'integer', options: [] })).toEqual({ ok: true, value: 12 });
    expect(convertForType(12.5, { type: 'integer', options: [] })).toMatchObject({ ok: false });
    expect(convertForType('A', { type: 'multiple_choice', options: ['A'] })).toEqual({ ok: true, value: ['A'] });
    expect(convertForType(['A', 'B'], { type: 'single_choice', options: ['A', 'B'] })).toEqual({
      ok: false,
      reason: 'a value has 2 choices',
    });
    expect(convertForType(4.3, { type: 'text', options: [] })).toEqual({ ok: true, value: '4.3' });
  });
});

describe('cell components', () => {
  it('keep SDs above 0, n a positive whole number, percentages up to 100', () => {
    expect(checkComponent(outcome({}), 'sd', 0, none)).toEqual({ ok: false, reason: 'SD must be above 0' });
    expect(checkComponent(outcome({}), 'n', 0, none)).toMatchObject({ ok: false });
    expect(checkComponent(outcome({}), 'mean', 100.5, none)).toEqual({
      ok: false,
      reason: 'mean is a percentage: 0 to 100',
    });
    expect(checkComponent(outcome({ unit: 'ml' }), 'mean', 226, none)).toEqual({ ok: true, value: 226 });
  });

  it('keep events within the total and a CI around its estimate, whichever is written first', () => {
    const p = outcome({ dataType: 'proportion', unit: null });
    expect(checkComponent(p, 'total', 8, new Map([['events', 9]]))).toMatchObject({ ok: false });
    expect(checkComponent(p, 'events', -1, none)).toMatchObject({ ok: false });
    const hr = outcome({ dataType: 'effect_estimate', unit: null, measure: 'HR' });
    expect(checkComponent(hr, 'upper', 0.5, new Map([['estimate', 0.51]]))).toMatchObject({ ok: false });
    expect(checkComponent(hr, 'lower', 0, none)).toEqual({
      ok: false,
      reason: 'CI lower limit of a HR must be above 0',
    });
    expect(
      checkComponent(
        hr,
        'lower',
        0.27,
        new Map([
          ['estimate', 0.51],
          ['upper', 0.98],
        ]),
      ),
    ).toEqual({
      ok: true,
      value: 0.27,
    });
  });

  it('are named in words', () => {
    const form: ExtractionForm = {
      id: 'f',
      version: 1,
      sections: [],
      fields: [],
      outcomes: [outcome({})],
      updatedAt: 't',
    };
    expect(
      describeTarget(form, [{ id: 'a', studyId: 's', label: 'CRT' }], {
        kind: 'outcome',
        outcomeId: 'o',
        timepointId: 't',
        armId: 'a',
        component: 'sd',
      }),
    ).toBe('LVEF, Baseline, CRT');
  });
});

describe('the number grammar, shared by the form and the backend', () => {
  it('reads what reviewers type and refuses what it would have to guess', () => {
    expect(parseNumber('12.0')).toBe(12);
    expect(parseNumber(' 1,024 ')).toBe(1024);
    expect(parseNumber('1,024,576.5')).toBe(1024576.5);
    expect(parseNumber('\u22121.2')).toBe(-1.2);
    expect(parseNumber('1e-3')).toBe(0.001);
    expect(parseNumber('1,5')).toBeNull();
    expect(parseNumber('12 ms')).toBeNull();
    expect(parseNumber('1e999')).toBeNull();
    expect(parseNumber('')).toBeNull();
  });

  it('stores a typed number with the decimals it was typed with, as a JSON number that reads back the same', () => {
    expect(storedJson(32, '32.0')).toBe('32.0');
    expect(storedJson(0.5, '.50')).toBe('0.50');
    expect(storedJson(-1.2, '\u22121.20')).toBe('-1.20');
    expect(storedJson(1212.5, '1,212.50')).toBe('1212.50');
    for (const [value, written] of [
      [32, '32.0'],
      [0.5, '.50'],
      [-1.2, '\u22121.20'],
    ] as const)
      expect(JSON.parse(storedJson(value, written))).toBe(value);
    // Nothing to keep, or nothing that can be kept as written.
    expect(storedJson(32, '32')).toBe('32');
    expect(storedJson(32, undefined)).toBe('32');
    expect(storedJson(1000, '1.000e3')).toBe('1000');
    expect(storedJson(33, '32.0')).toBe('33');
    expect(storedJson('32.0', '32.0')).toBe('"32.0"');
    expect(storedJson(0.1, '0.1000000000000000000001')).toBe('0.1');
  });

  it('knows the ratio measures the form and the conversions treat on the log scale', () => {
    for (const m of ['HR', 'or', ' RR ', 'IRR', 'ROM', 'SHR', 'PR']) expect(isRatioMeasure(m), m).toBe(true);
    for (const m of ['MD', 'SMD', 'RD', null]) expect(isRatioMeasure(m), String(m)).toBe(false);
  });
});
