// The history of the selected study or of the whole review: who changed what, when, from what to
// what, newest first, read from the audit log. A reviewer sees only what they may see (another
// reviewer's values appear once the study is reconciled with them). Layer: renderer.
import { useEffect, useMemo, useState } from 'react';
import type { AuditEntry } from '../../../shared/model/types';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';
import { historyRow } from './auditText';

const PAGE = 200;

function HistoryDialog(props: { scope: 'study' | 'review' }) {
  const api = useApp((s) => s.api);
  const closeDialog = useApp((s) => s.closeDialog);
  const study = useApp((s) => s.selectedStudy);
  const form = useApp((s) => s.form);
  const extraction = useApp((s) => s.extraction);
  const reviewers = useApp((s) => s.reviewers);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [limit, setLimit] = useState(PAGE);
  const [error, setError] = useState<string | null>(null);
  const studyId = props.scope === 'study' ? (study?.id ?? null) : null;

  useEffect(() => {
    if (props.scope === 'study' && !studyId) return;
    let current = true;
    api.call('audit:list', { limit, ...(studyId ? { studyId } : {}) }).then(
      (list) => current && setEntries(list),
      (e: unknown) => current && setError(errorText(e)),
    );
    return () => {
      current = false;
    };
  }, [api, limit, studyId, props.scope]);

  const rows = useMemo(() => {
    const ctx = {
      reviewerName: (id: string | null) => (id ? (reviewers.find((r) => r.id === id)?.name ?? 'a reviewer') : '—'),
      form,
      arms: extraction?.arms ?? [],
    };
    return (entries ?? []).map((e) => historyRow(e, ctx));
  }, [entries, reviewers, form, extraction]);

  const title = props.scope === 'study' ? `History of ${study?.label ?? 'the study'}` : 'History of the review';
  return (
    <Dialog title={title} onClose={closeDialog} wide>
      <div className="form">
        <FormError message={error} />
        {entries === null && !error && <p role="status">Reading the history…</p>}
        {entries !== null && rows.length === 0 && <p className="muted">No changes recorded yet.</p>}
        {rows.length > 0 && (
          <div className="history-scroll">
            <table className="import-table history-table" aria-label={title}>
              <thead>
                <tr>
                  <th>When</th>
                  <th>Who</th>
                  <th>What</th>
                  <th>From</th>
                  <th>To</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.seq}>
                    <td>
                      <time dateTime={row.at}>{new Date(row.at).toLocaleString()}</time>
                    </td>
                    <td>{row.who}</td>
                    <td>{row.what}</td>
                    <td>{row.from}</td>
                    <td>{row.to}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="buttons">
          {entries !== null && entries.length >= limit && (
            <button type="button" onClick={() => setLimit(limit + PAGE)}>
              Show older changes
            </button>
          )}
          <button type="button" className="primary" onClick={closeDialog}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  );
}

export const StudyHistoryDialog = () => <HistoryDialog scope="study" />;
export const ReviewHistoryDialog = () => <HistoryDialog scope="review" />;
