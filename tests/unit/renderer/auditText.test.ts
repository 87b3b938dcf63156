// The audit log in a reviewer's words: values named by field, outcome, timepoint and arm, statuses,
// arms and form edits from and to.
import { describe, expect, it } from 'vitest';
import { describeTargetKey, historyRow, plainValue } from '../../../renderer/features/history/auditText';
import type { ExtractionForm } from '../../../shared/model/extraction';
import type { AuditEntry } from '../../../shared/model/types';

const form: ExtractionForm = {
  id: 'f',
  version: 3,
  updatedAt: '',
  sections: [{ id: 's', title: 'Methods' }],
  fields: [{ id: 'age', sectionId: 's', label: 'Age', type: 'text', options: [], archived: false }],
  outcomes: [
    {
      id: 'lvef',
      name: 'LVEF',
      dataType: 'continuous',
      unit: '%',
      measure: null,
      timepoints: [{ id: 'fu', label: 'Follow-up' }],
      archivedTimepoints: [{ id: 'bl', label: 'Baseline' }],
      archived: false,
    },
  ],
};
const ctx = {
  reviewerName: (id: string | null) => (id === 'a' ? 'Ana' : id === null ? '—' : 'a reviewer'),
  form,
  arms: [{ id: 'crt', studyId: 'st', label: 'CRT' }],
};
const entry = (e: Partial<AuditEntry>): AuditEntry => ({
  seq: 1,
  at: '2026-01-01T10:00:00.000Z',
  reviewerId: 'a',
  entity: 'study',
  entityId: 'st',
  action: 'create',
  field: null,
  before: null,
  after: null,
  ...e,
});

describe('history rows', () => {
  it('name a value’s target from the form, archived timepoints and removed items included', () => {
    expect(describeTargetKey('outcome:lvef:bl:crt:sd', ctx)).toBe('LVEF, Baseline, CRT, SD');
    expect(describeTargetKey('outcome:lvef:fu:-:estimate', ctx)).toBe('LVEF, Follow-up, estimate');
    expect(describeTargetKey('field:age', ctx)).toBe('Age');
    expect(describeTargetKey('field:gone', ctx)).toBe('a removed field');
    expect(describeTargetKey('outcome:x:y:z:mean', ctx)).toBe(
      'a removed outcome, a removed timepoint, a removed arm, mean',
    );
  });

  it('say who changed a value, from what to what, and mark undo', () => {
    const row = historyRow(
      entry({
        entity: 'extraction_value',
        action: 'update',
        field: 'st/outcome:lvef:fu:crt:mean (undo)',
        before: JSON.stringify({ state: 'value', value: 32, origin: 'mapped' }),
        after: JSON.stringify({ state: 'not_reported', value: null }),
      }),
      ctx,
    );
    expect(row).toMatchObject({
      who: 'Ana',
      what: 'LVEF, Follow-up, CRT, mean (undo)',
      from: '32 (mapped)',
      to: 'not reported',
    });
    const created = historyRow(
      entry({
        entity: 'extraction_value',
        field: 'st/field:age',
        after: JSON.stringify({ state: 'value', value: '55 ± 13', origin: 'typed' }),
      }),
      ctx,
    );
    expect(created).toMatchObject({ what: 'Age', from: '—', to: '55 ± 13 (typed)' });
  });

  it('describe statuses, arms and form edits', () => {
    expect(
      historyRow(
        entry({
          entity: 'extraction_status',
          action: 'update',
          field: 'a',
          before: '"not_started"',
          after: '"in_progress"',
        }),
        ctx,
      ),
    ).toMatchObject({ what: 'Status (Ana)', from: 'Not started', to: 'In progress' });
    expect(
      historyRow(entry({ entity: 'arm', action: 'update', field: 'label', before: '"CRT"', after: '"CRT-D"' }), ctx),
    ).toMatchObject({
      what: 'Renamed arm',
      from: 'CRT',
      to: 'CRT-D',
    });
    expect(
      historyRow(
        entry({ entity: 'arm', action: 'delete', before: JSON.stringify({ studyId: 'st', label: 'Control' }) }),
        ctx,
      ),
    ).toMatchObject({
      what: 'Removed arm',
      from: 'Control',
      to: '—',
    });
    expect(
      historyRow(
        entry({
          entity: 'form',
          action: 'update',
          reviewerId: null,
          before: JSON.stringify({ version: 2 }),
          after: JSON.stringify({ version: 3, summary: 'Added field "Age"' }),
        }),
        ctx,
      ),
    ).toMatchObject({ who: '—', what: 'Form: Added field "Age"', from: 'version 2', to: 'version 3' });
  });

  it('shorten long values and show objects as key: value', () => {
    expect(plainValue('x'.repeat(400))).toHaveLength(160);
    expect(plainValue({ a: 1, b: null, c: 'two' })).toBe('a: 1; c: two');
    expect(plainValue(['RCT', 'Cohort'])).toBe('RCT, Cohort');
    expect(plainValue(null)).toBe('—');
  });
});
