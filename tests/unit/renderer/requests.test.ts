// How many requests each extraction action makes, counted on the real store over a real backend (a
// review file in a temp folder), with the backend's events delivered as the transports deliver them.
// An action answers from its own reply: typing a value is one request, creating a review or adding a
// study two; events from the action's own request add none, whether they come before or after it.
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../../shared/contract/contract';
import type { ChannelName, EventName } from '../../../shared/contract/names';
import type { Api } from '../../../renderer/api/client';
import { connectEvents, createAppStore, type AppStore } from '../../../renderer/store';
import { extractionSetup, type ExtractionSetup } from '../../helpers/extraction';

const disconnect: (() => void)[] = [];
afterEach(() => disconnect.splice(0).forEach((off) => off()));

/** A store over the test backend's router that records every channel it calls. */
async function storeOver(
  s: ExtractionSetup,
  { lateEvents = false } = {},
): Promise<{ store: AppStore; calls: ChannelName[]; settle(): Promise<void> }> {
  const calls: ChannelName[] = [];
  const pending = new Set<Promise<unknown>>();
  const api: Api = {
    transport: 'web',
    fetchRange: () => Promise.reject(new Error('no PDFs in these tests')),
    call(channel, request) {
      calls.push(channel);
      const answer = s.router.invoke(channel, request);
      pending.add(answer);
      void answer.finally(() => pending.delete(answer)).catch(() => undefined);
      return answer;
    },
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      return s.backend.events.subscribe((name, payload) => {
        if ((name as EventName) !== event) return;
        // In process the backend emits before it answers; over the web host an event may come after.
        if (!lateEvents) listener(payload as EventMap[E]);
        else {
          const delivered = new Promise<void>((resolve) =>
            setTimeout(() => {
              listener(payload as EventMap[E]);
              resolve();
            }, 0),
          );
          pending.add(delivered);
          void delivered.finally(() => pending.delete(delivered));
        }
      });
    },
  };
  const store = createAppStore(api);
  disconnect.push(connectEvents(store));
  await store.getState().loadApp();
  await store.getState().selectStudy(s.study.id);
  /** Waits until the requests that events started have answered. */
  const settle = async () => {
    for (let i = 0; i < 20 && pending.size > 0; i++) await Promise.allSettled([...pending]);
  };
  await settle();
  return { store, calls, settle };
}

async function count(calls: ChannelName[], settle: () => Promise<void>, action: () => Promise<void>) {
  calls.length = 0;
  await action();
  await settle();
  return [...calls];
}

describe('requests per action', () => {
  it('typing a value is one request, once the study is under way', async () => {
    const s = await extractionSetup();
    const { store, calls, settle } = await storeOver(s);
    const age = { kind: 'field' as const, fieldId: s.fieldId('Age') };
    // The first value also starts the study's status, which the library shows.
    await count(calls, settle, () => store.getState().writeValues([{ target: age, state: 'value', value: 55 }]));
    const typed = await count(calls, settle, () =>
      store.getState().writeValues([{ target: age, state: 'value', value: 56 }]),
    );
    expect(typed).toEqual(['extraction:write']);
    expect(store.getState().extraction?.values.map((v) => v.value)).toEqual(['56']);
  });

  it('mapping a selection is one request: the highlight and its values together', async () => {
    const s = await extractionSetup();
    const { store, calls, settle } = await storeOver(s);
    await store
      .getState()
      .writeValues([{ target: { kind: 'field', fieldId: s.fieldId('Age') }, state: 'value', value: 55 }]);
    await settle();
    const quote = '9 of 10';
    const start = s.study.abstract!.text.indexOf(quote);
    const mapped = await count(calls, settle, () =>
      store
        .getState()
        .mapSelection({ documentSha256: s.study.abstract!.sha256, page: null, start, end: start + quote.length }, [
          {
            target: s.cell('Weaning from inotropes', 'Follow-up', 'events'),
            value: 9,
            provenance: { rawText: quote, reading: null },
          },
        ]),
    );
    expect(mapped).toEqual(['extraction:map']);
    expect(store.getState().highlights.map((h) => h.exact)).toEqual([quote]);
    expect(
      store
        .getState()
        .extraction?.values.map((v) => v.value)
        .sort(),
    ).toEqual(['55', 9].sort());
  });

  it('undo and redo are one request each', async () => {
    const s = await extractionSetup();
    const { store, calls, settle } = await storeOver(s);
    const age = { kind: 'field' as const, fieldId: s.fieldId('Age') };
    await store.getState().writeValues([{ target: age, state: 'value', value: 55 }]);
    await store.getState().writeValues([{ target: age, state: 'value', value: 56 }]);
    await settle();
    expect(await count(calls, settle, () => store.getState().undo())).toEqual(['extraction:undo']);
    expect(store.getState().extraction?.values.map((v) => v.value)).toEqual(['55']);
    expect(await count(calls, settle, () => store.getState().redo())).toEqual(['extraction:redo']);
    expect(store.getState().extraction?.values.map((v) => v.value)).toEqual(['56']);
  });

  // Before: creating a review made 11 requests (every list fetched by the action, then again by the
  // event), adding a study 5 (12 before answers were applied instead of refetched).
  for (const events of ['before', 'after'] as const)
    it(`creating a review is two requests, adding a study two (events ${events} the answer)`, async () => {
      const s = await extractionSetup();
      const { store, calls, settle } = await storeOver(s, { lateEvents: events === 'after' });
      const added = await count(calls, settle, () =>
        store
          .getState()
          .addStudy({ title: 'Second trial', authors: ['Roe R'], year: 2001, journal: '', abstract: 'Text.' }),
      );
      expect(added).toEqual(['study:add', 'extraction:get']);
      const state = store.getState();
      expect(state.allStudies.map((r) => r.title)).toEqual(['CRT in class IV', 'Second trial']);
      expect(state.selectedStudy).toMatchObject({ title: 'Second trial', abstract: { text: 'Text.' } });
      expect(state.extraction).toMatchObject({ studyId: state.selectedStudyId, reviewerId: s.reviewer.id, values: [] });

      const created = await count(calls, settle, () => store.getState().createReview('Another review'));
      expect(created).toEqual(['review:create', 'form:get']);
      expect(store.getState()).toMatchObject({
        review: { title: 'Another review' },
        allStudies: [],
        selectedStudy: null,
        reviewers: [],
        currentReviewerId: null,
      });
      expect(store.getState().form?.fields.length).toBeGreaterThan(0);
    });

  it('still follows other windows: their opens and added studies reach the store through events', async () => {
    const s = await extractionSetup();
    const { store, calls, settle } = await storeOver(s);
    const other = 'other-window';
    await count(calls, settle, async () => {
      await s.router.invoke('study:add', { title: 'Added elsewhere', authors: [], abstract: 'x' }, other);
    });
    expect(calls).toEqual(['study:list']);
    expect(store.getState().allStudies.map((r) => r.title)).toContain('Added elsewhere');
    const path = s.backend.requireReview().info.path;
    await count(calls, settle, async () => {
      await s.router.invoke('review:create', { title: 'Made elsewhere' }, other);
    });
    expect(store.getState().review?.title).toBe('Made elsewhere');
    await count(calls, settle, async () => {
      await s.router.invoke('review:open', { path }, other);
    });
    expect(store.getState().review?.path).toBe(path);
    expect(
      store
        .getState()
        .allStudies.map((r) => r.title)
        .sort(),
    ).toEqual(['Added elsewhere', 'CRT in class IV']);
  });
});
