// Each study's reconcile status for the library (each reviewer's status, differences, consensus),
// fetched again whenever the list of studies is. Layer: renderer.
import { useEffect, useState } from 'react';
import type { StudyReconcileStatus } from '../../../shared/model/reconcile';
import { useApp } from '../../store';

export type ReconcileFilter = 'all' | 'ready' | 'differences' | 'consensus';

export const RECONCILE_FILTERS: Record<ReconcileFilter, string> = {
  all: 'All studies',
  ready: 'Ready to reconcile',
  differences: 'With differences to decide',
  consensus: 'Consensus complete',
};

/** How long the list must stay unchanged before the overview is asked for. */
const OVERVIEW_DELAY_MS = 50;

export function useReconcileOverview(): Map<string, StudyReconcileStatus> {
  const api = useApp((s) => s.api);
  const studies = useApp((s) => s.allStudies);
  const reviewerId = useApp((s) => s.currentReviewerId);
  const [overview, setOverview] = useState(new Map<string, StudyReconcileStatus>());
  useEffect(() => {
    let live = true;
    // Asked once the list and the reviewer have settled (they change together when a review opens,
    // and on each edit), after the rows are on screen; nothing to ask while there are no studies.
    const timer = setTimeout(() => {
      if (studies.length === 0) {
        setOverview((current) => (current.size === 0 ? current : new Map()));
        return;
      }
      api.call('reconcile:overview', {}).then(
        (rows) => live && setOverview(new Map(rows.map((r) => [r.studyId, r]))),
        () => live && setOverview(new Map()),
      );
    }, OVERVIEW_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, studies, reviewerId]);
  return overview;
}

export function matchesFilter(status: StudyReconcileStatus | undefined, filter: ReconcileFilter): boolean {
  if (filter === 'all') return true;
  if (!status) return false;
  if (filter === 'ready') return status.ready;
  if (filter === 'differences') return (status.differences ?? 0) > 0;
  return status.consensusComplete;
}

/** "A ✓ · B …" : each reviewer's status, by initial letter of their name. */
export function describeStatuses(status: StudyReconcileStatus | undefined, nameOf: (id: string) => string): string {
  if (!status || status.statuses.length === 0) return '';
  const mark = { not_started: '–', in_progress: '…', complete: '✓' } as const;
  return status.statuses.map((s) => `${nameOf(s.reviewerId)} ${mark[s.status]}`).join(' · ');
}
