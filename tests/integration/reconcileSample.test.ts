// The sample review ships consensus values taken from its abstracts (no reviewers decided them).
// When two reviewers extract such a cell, their agreement or decision replaces the sample's value,
// and reconciling the study works as on any other.
import { describe, expect, it } from 'vitest';
import { openAtStart } from '../../electron/backend/services/review';
import { testBackend } from '../helpers/temp';

describe('reconciling a sample study that already has consensus values', () => {
  it('takes the reviewers’ agreement in place of the sample’s value and lists their difference', async () => {
    const t = testBackend();
    openAtStart(t.backend.context('a'));
    const { router } = t;
    await router.invoke('reviewer:create', { name: 'Ana' }, 'a');
    await router.invoke('reviewer:create', { name: 'Ben' }, 'b');
    const study = (await router.invoke('study:list', {}, 'a')).find((r) => r.title.includes('end-stage'))!;
    const form = await router.invoke('form:get', {}, 'a');
    const arm = (await router.invoke('extraction:get', { studyId: study.id }, 'a')).arms[0]!;
    const weaning = form.outcomes.find((o) => o.name === 'Weaning from inotropes')!;
    const events = {
      kind: 'outcome' as const,
      outcomeId: weaning.id,
      timepointId: weaning.timepoints.find((tp) => tp.label === 'Follow-up')!.id,
      armId: arm.id,
      component: 'events',
    };
    const country = { kind: 'field' as const, fieldId: form.fields.find((f) => f.label === 'Country')!.id };
    for (const [session, place] of [
      ['a', 'Spain'],
      ['b', 'France'],
    ] as const) {
      await router.invoke(
        'extraction:write',
        {
          studyId: study.id,
          writes: [
            { target: events, state: 'value', value: 9 },
            { target: country, state: 'value', value: place },
          ],
        },
        session,
      );
      await router.invoke('extraction:setStatus', { studyId: study.id, status: 'complete' }, session);
    }
    const overview = await router.invoke('reconcile:overview', {}, 'b');
    expect(overview.find((o) => o.studyId === study.id)).toMatchObject({ ready: true, differences: 1 });
    const cells = (await router.invoke('reconcile:get', { studyId: study.id }, 'b')).cells;
    const weaned = cells.find((c) => c.target.kind === 'outcome' && c.target.component === 'events')!;
    expect(weaned).toMatchObject({ state: 'agree', consensus: { decision: 'agreed' } });
  });
});
