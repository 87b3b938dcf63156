// A study's history (audit:list with studyId): everything about that study and nothing about
// another, and, as the whole log, nothing of another reviewer's work before reconciliation.
import { describe, expect, it } from 'vitest';
import type { Arm } from '../../shared/model/extraction';
import type { AuditEntry, Reviewer, StudyRow } from '../../shared/model/types';
import { extractionSetup } from '../helpers/extraction';

describe('the history of one study', () => {
  it('lists the study’s own entries (values, arms, highlights, status) and none of another study', async () => {
    const s = await extractionSetup();
    const other = (await s.call('study:add', {
      title: 'Another study',
      authors: ['Roe J'],
      abstract: 'x',
    })) as StudyRow;
    await s.call('arm:add', { studyId: other.id, label: 'Control' });
    await s.highlight('9 of 10');
    await s.write([{ target: s.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3 }]);
    const renamed = (await s.call('arm:rename', { armId: s.arm.id, label: 'CRT-D' })) as Arm;
    expect(renamed.label).toBe('CRT-D');

    const history = (await s.call('audit:list', { studyId: s.study.id, limit: 500 })) as AuditEntry[];
    const kinds = new Set(history.map((e) => e.entity));
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining(['arm', 'extraction_status', 'extraction_value', 'highlight', 'report', 'study']),
    );
    expect(history.find((e) => e.entity === 'arm' && e.action === 'update')).toMatchObject({
      before: JSON.stringify('CRT'),
      after: JSON.stringify('CRT-D'),
      reviewerId: s.reviewer.id,
    });
    expect(history.some((e) => e.entityId === other.id)).toBe(false);
    expect(history.some((e) => e.entity === 'arm' && e.after?.includes('Control'))).toBe(false);
    expect(history.some((e) => e.entity === 'form')).toBe(false);
    // Newest first.
    expect(history.map((e) => e.seq)).toEqual([...history.map((e) => e.seq)].sort((a, b) => b - a));

    const otherHistory = (await s.call('audit:list', { studyId: other.id, limit: 500 })) as AuditEntry[];
    expect(otherHistory.map((e) => e.entity).sort()).toEqual(['arm', 'report', 'study']);
  });

  it('shows another reviewer nothing of the first reviewer’s values before reconciliation', async () => {
    const s = await extractionSetup();
    await s.write([{ target: s.cell('LVEF', 'Baseline', 'sd'), state: 'value', value: 4.3 }]);
    (await s.call('reviewer:create', { name: 'B' })) as Reviewer;
    const history = (await s.call('audit:list', { studyId: s.study.id, limit: 500 })) as AuditEntry[];
    expect(history.some((e) => e.entity === 'extraction_value')).toBe(false);
    expect(history.some((e) => e.entity === 'study')).toBe(true);
  });
});
