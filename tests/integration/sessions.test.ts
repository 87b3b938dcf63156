// Each window or web-host tab is a session with its own reviewer: two sessions at once write as
// themselves, and one session's choice never changes whose name goes on another's writes.
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Reviewer } from '../../shared/model/types';
import type { StudyExtraction } from '../../shared/model/extraction';
import { extractionSetup } from '../helpers/extraction';

describe('sessions', () => {
  it('serves two sessions at once, each writing as its own reviewer', async () => {
    const t = await extractionSetup();
    const { router } = t;
    const b = await router.invoke('reviewer:create', { name: 'B' }, 'tab-b');
    const age = t.fieldId('Age');

    // The local session is reviewer A (it created A); tab-b made B, so it is B.
    const [asA, asB] = await Promise.all([
      router.invoke('extraction:write', {
        studyId: t.study.id,
        writes: [{ target: { kind: 'field', fieldId: age }, state: 'value', value: 55 }],
      }),
      router.invoke(
        'extraction:write',
        { studyId: t.study.id, writes: [{ target: { kind: 'field', fieldId: age }, state: 'value', value: 56 }] },
        'tab-b',
      ),
    ]);
    expect(asA.reviewerId).toBe(t.reviewer.id);
    expect(asB.reviewerId).toBe(b.id);
    expect((await router.invoke('extraction:get', { studyId: t.study.id })).values.map((v) => v.value)).toEqual(['55']);
    expect(
      (await router.invoke('extraction:get', { studyId: t.study.id }, 'tab-b')).values.map((v) => v.value),
    ).toEqual(['56']);

    // Each session's audit log has its own write, stamped with its reviewer (and not the other's).
    const auditOf = async (session?: string) =>
      (await router.invoke('audit:list', { entity: 'extraction_value' }, session)).map((e: AuditEntry) => [
        JSON.parse(e.after!).value,
        e.reviewerId,
      ]);
    expect(await auditOf()).toEqual([['55', t.reviewer.id]]);
    expect(await auditOf('tab-b')).toEqual([['56', b.id]]);
  });

  it('keeps a session’s reviewer when another session chooses someone else', async () => {
    const t = await extractionSetup();
    const { router } = t;
    const b = await router.invoke('reviewer:create', { name: 'B' }, 'tab-b');
    // A new session starts with the reviewer chosen last in this review (B, just now) ...
    expect((await router.invoke('reviewer:list', {}, 'tab-c')).currentId).toBe(b.id);
    // ... and keeps B when tab-b switches to A afterwards.
    await router.invoke('reviewer:setCurrent', { id: t.reviewer.id }, 'tab-b');
    expect((await router.invoke('reviewer:list', {}, 'tab-c')).currentId).toBe(b.id);
    expect((await router.invoke('reviewer:list', {}, 'tab-b')).currentId).toBe(t.reviewer.id);
    // The local session made A at setup and still is A.
    expect((await router.invoke('reviewer:list', {})).currentId).toBe(t.reviewer.id);
  });

  it('answers a typed call with its value and a refusal with a CaliperError', async () => {
    const t = await extractionSetup();
    const extraction: StudyExtraction = await t.router.invoke('extraction:get', { studyId: t.study.id });
    expect(extraction.studyId).toBe(t.study.id);
    await expect(t.router.invoke('reviewer:setCurrent', { id: 'nobody' })).rejects.toMatchObject({ code: 'not_found' });
    const fresh: Reviewer[] = (await t.router.invoke('reviewer:list', {}, 'tab-new')).reviewers;
    expect(fresh.map((r) => r.name)).toEqual(['A']);
  });
});
