// Which targets the mapping panel offers first for selections of sentences as abstracts write them,
// on a form like the sample review's (study characteristics, and means and proportions of a single-arm
// CRT study): a count goes to events and total, a percentage to the outcome in % (a bare one also to
// the events of a proportion whose total is entered), an age to the Age field, and a target whose unit
// contradicts the reading is offered last and says so.
import { describe, expect, it } from 'vitest';
import { mappingOptions, normaliseUnit, writtenNumber } from '../../../shared/extraction/mapping';
import type { ExtractedValue, ExtractionForm, OutcomeDefinition } from '../../../shared/model/extraction';
import { recognise } from '../../../shared/parse/recognise';

const timepoints = [
  { id: 'b', label: 'Baseline' },
  { id: 'f', label: 'Follow-up' },
];
const outcome = (id: string, name: string, dataType: OutcomeDefinition['dataType'], unit: string | null) => ({
  id,
  name,
  dataType,
  unit,
  measure: null,
  archived: false,
  timepoints,
});
const form: ExtractionForm = {
  id: 'form',
  version: 1,
  updatedAt: 't',
  sections: [
    { id: 'm', title: 'Methods' },
    { id: 'p', title: 'Participants' },
  ],
  fields: [
    { id: 'follow', sectionId: 'm', label: 'Follow-up', type: 'text', options: [], archived: false },
    { id: 'nrand', sectionId: 'p', label: 'N randomised', type: 'integer', options: [], archived: false },
    { id: 'age', sectionId: 'p', label: 'Age', type: 'text', options: [], archived: false },
    { id: 'sex', sectionId: 'p', label: 'Sex', type: 'text', options: [], archived: false },
  ],
  outcomes: [
    outcome('qrs', 'QRS duration', 'mean', 'ms'),
    outcome('lvef', 'LVEF', 'mean', '%'),
    outcome('edv', 'LV end-diastolic volume', 'mean', 'mL'),
    outcome('nyha', 'NYHA class IV', 'proportion', null),
    outcome('wean', 'Weaning from inotropes', 'proportion', null),
  ],
};
const arms = [{ id: 'crt', studyId: 's', label: 'CRT' }];

function offers(selection: string) {
  const readings = recognise(selection).filter((s) => s.kind !== 'ambiguous' && s.kind !== 'p_value');
  return mappingOptions(readings, form, arms, selection).map((o) => o.target);
}

describe('mapping targets ranked by fit to the reading', () => {
  it('offers a count to events and total of proportions first, never to a mean’s n first', () => {
    const targets = offers('Intravenous inotropic therapy was discontinued in 9 of 10 patients');
    // the sentence names the outcome ("inotropic"): weaning from inotropes before NYHA class IV
    expect(targets[0]!.label).toBe('Weaning from inotropes, Baseline, CRT: events, total');
    expect(targets[2]!.label).toBe('NYHA class IV, Baseline, CRT: events, total');
    expect(targets[0]!.writes.map((w) => w.value)).toEqual([9, 10]);
    const firstOther = targets.findIndex((t) => !/: events, total$/.test(t.label));
    // every proportion cell (2 outcomes × 2 timepoints) comes before anything else
    expect(firstOther).toBe(4);
    expect(targets.slice(firstOther).every((t) => !t.writes.some((w) => w.value === 9))).toBe(true);
    expect(targets.some((t) => t.label === 'LVEF, Baseline, CRT: n')).toBe(true);
    expect(targets.findIndex((t) => t.label === 'LVEF, Baseline, CRT: n')).toBeGreaterThan(firstOther);
  });

  it('without a name in the text, offers the proportions in form order', () => {
    expect(offers('9 of 10 patients')[0]!.label).toBe('NYHA class IV, Baseline, CRT: events, total');
  });

  it('offers "n = 120" as a sample size: the N field and the n of cells before the total of proportions', () => {
    const targets = offers('120 patients were randomised (n = 120)');
    expect(targets[0]!.label).toBe('N randomised = 120');
    expect(targets.findIndex((t) => t.label.endsWith(': total'))).toBeGreaterThan(0);
  });

  it('offers a percentage to the outcome in % and marks an outcome in ms as contradicting it', () => {
    const targets = offers('LV ejection fraction increased (23.5 +/- 4.3%');
    expect(targets[0]!.label).toBe('LVEF, Baseline, CRT: mean, SD');
    const qrs = targets.filter((t) => t.label.startsWith('QRS duration'));
    expect(qrs).toHaveLength(2);
    expect(qrs[0]!.contradiction).toBe('QRS duration is in ms, the reading in %');
    // contradicting targets come after every other one
    const firstContradiction = targets.findIndex((t) => t.contradiction !== undefined);
    expect(targets.slice(firstContradiction).every((t) => t.contradiction !== undefined)).toBe(true);
    expect(targets.filter((t) => t.label.startsWith('LVEF')).every((t) => t.contradiction === undefined)).toBe(true);
  });

  it('offers a QRS duration in ms to QRS duration, not to LVEF in %', () => {
    const targets = offers('QRS duration was 153 +/- 25 ms');
    expect(targets[0]!.label).toBe('QRS duration, Baseline, CRT: mean, SD');
    expect(targets.find((t) => t.label.startsWith('LVEF'))!.contradiction).toBe('LVEF is in %, the reading in ms');
  });

  it('matches units written differently (mL and ml, msec and ms)', () => {
    expect(offers('end-diastolic 226 +/- 78 ml')[0]!.label).toBe('LV end-diastolic volume, Baseline, CRT: mean, SD');
    expect(normaliseUnit(' msec ')).toBe('ms');
    expect(normaliseUnit('mL')).toBe('ml');
    expect(normaliseUnit('yrs')).toBe('years');
  });

  it('offers an age to the study-level Age field first, as written', () => {
    const targets = offers('Ten patients (age 55 +/- 13 years) with inotrope-dependent class IV HF');
    expect(targets[0]!.label).toBe('Age = 55 +/- 13 years');
    expect(targets[0]!.writes).toEqual([
      { target: { kind: 'field', fieldId: 'age' }, state: 'value', value: '55 +/- 13 years', origin: 'mapped' },
    ]);
    // and not to Sex or Follow-up, which the text does not name
    expect(targets.some((t) => t.label.startsWith('Sex') || t.label.startsWith('Follow-up'))).toBe(false);
    // outcomes measured in % or ms contradict an age in years
    expect(targets.find((t) => t.label === 'LVEF, Baseline, CRT: mean, SD')!.contradiction).toBe(
      'LVEF is in %, the reading in years',
    );
  });

  it('offers "71 ± 10 years" to Age even when the selection does not say "age"', () => {
    expect(offers('71 ± 10 years')[0]!.label).toBe('Age = 71 ± 10 years');
  });

  it('offers a median age with its IQR to the Age field', () => {
    expect(offers('median age 68 years (IQR 60–74)')[0]?.label).toMatch(/^Age = /);
  });

  it('offers a follow-up in days to the Follow-up field the text names', () => {
    expect(offers('All patients were alive at follow-up 1,088 +/- 284 days after CRT')[0]!.label).toBe(
      'Follow-up = 1,088 +/- 284 days',
    );
  });
});

/** A total entered in a proportion cell, as the extraction holds it. */
const total = (outcomeId: string, timepointId: string, value: number, archived = false): ExtractedValue => ({
  id: `${outcomeId}-${timepointId}`,
  reviewerId: 'r',
  studyId: 's',
  target: { kind: 'outcome', outcomeId, timepointId, armId: 'crt', component: 'total' },
  state: 'value',
  value,
  origin: 'typed',
  provenance: null,
  conversion: null,
  archived,
  updatedAt: 't',
});

function offersWith(selection: string, values: ExtractedValue[]) {
  const readings = recognise(selection).filter((s) => s.kind !== 'ambiguous' && s.kind !== 'p_value');
  return mappingOptions(readings, form, arms, selection, values).map((o) => o.target);
}

describe('a bare percentage', () => {
  it('goes to the outcome in % as its mean, never to an outcome in ms or without a unit', () => {
    const targets = offers('30%');
    expect(targets.map((t) => t.label)).toEqual(['LVEF, Baseline, CRT: mean', 'LVEF, Follow-up, CRT: mean']);
    expect(targets[0]!.writes).toEqual([
      {
        target: { kind: 'outcome', outcomeId: 'lvef', timepointId: 'b', armId: 'crt', component: 'mean' },
        state: 'value',
        value: 30,
        origin: 'mapped',
      },
    ]);
  });

  it('goes to the events of a proportion whose total is entered, as that share of the total', () => {
    const targets = offersWith('NYHA class IV in 30%', [total('nyha', 'b', 10), total('wean', 'f', 20)]);
    // the text names NYHA: its cell first, then the mean in %, then the other proportion
    expect(targets.map((t) => t.label)).toEqual([
      'NYHA class IV, Baseline, CRT: events 3 (30% of 10)',
      'LVEF, Baseline, CRT: mean',
      'LVEF, Follow-up, CRT: mean',
      'Weaning from inotropes, Follow-up, CRT: events 6 (30% of 20)',
    ]);
    expect(targets[0]!.writes).toEqual([
      {
        target: { kind: 'outcome', outcomeId: 'nyha', timepointId: 'b', armId: 'crt', component: 'events' },
        state: 'value',
        value: 3,
        origin: 'mapped',
      },
    ]);
    expect(targets.every((t) => t.contradiction === undefined)).toBe(true);
  });

  it('keeps the decimals reported, and offers a share that is no whole number of events last, saying so', () => {
    expect(offersWith('66.7%', [total('nyha', 'b', 3)]).find((t) => t.label.startsWith('NYHA'))).toMatchObject({
      label: 'NYHA class IV, Baseline, CRT: events 2 (66.7% of 3)',
      score: 4,
    });
    expect(offersWith('66.7%', [total('nyha', 'b', 3)]).every((t) => t.contradiction === undefined)).toBe(true);
    const targets = offersWith('33%', [total('nyha', 'b', 10)]);
    expect(targets.at(-1)).toMatchObject({
      label: 'NYHA class IV, Baseline, CRT: events 3 (33% of 10)',
      contradiction: '33% of 10 is no whole number of events (3 of 10 is 30%)',
    });
    expect(targets.slice(0, -1).every((t) => t.contradiction === undefined)).toBe(true);
  });

  it('ignores totals of removed cells, and offers a threshold such as "<35%" nowhere', () => {
    expect(offersWith('30%', [total('nyha', 'b', 10, true)]).some((t) => t.label.startsWith('NYHA'))).toBe(false);
    expect(offersWith('LVEF <35%', [total('nyha', 'b', 10)])).toEqual([]);
  });
});

describe('writtenNumber', () => {
  it('gives a number as the text wrote it, keeping the precision reported', () => {
    expect(writtenNumber(32, '23.5 +/- 4.3% to 32.0 +/- 9.1%')).toBe('32.0');
    expect(writtenNumber(1088, 'follow-up 1,088 +/- 284 days')).toBe('1,088');
    expect(writtenNumber(1.22, 'HR 1·22, 95% CI 0·59–2·54')).toBe('1.22');
    expect(writtenNumber(-0.5, 'change −0.50 (0.2)')).toBe('-0.50');
    expect(writtenNumber(7, 'no such number here 70')).toBe('7');
  });
});
