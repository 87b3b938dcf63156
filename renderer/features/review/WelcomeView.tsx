// What the reviewer sees with no review open: create, open, or pick a recent review. Layer: renderer.
import { useEffect } from 'react';
import { useApp } from '../../store';
import { useAction } from '../../ui/useAction';

export function WelcomeView() {
  const recent = useApp((s) => s.recent);
  const openDialog = useApp((s) => s.openDialog);
  const openReview = useApp((s) => s.openReview);
  const refreshReviewLists = useApp((s) => s.refreshReviewLists);
  const run = useAction();
  useEffect(() => {
    void refreshReviewLists();
  }, [refreshReviewLists]);
  return (
    <main className="welcome" aria-label="Welcome">
      <h1>Caliper</h1>
      <p className="muted">No review is open.</p>
      <div className="buttons start">
        <button type="button" className="primary" onClick={() => openDialog('newReview')}>
          New review…
        </button>
        <button type="button" onClick={() => openDialog('openReview')}>
          Open review…
        </button>
      </div>
      {recent.length > 0 && (
        <section aria-label="Recent reviews">
          <h2>Recent</h2>
          <ul className="file-list">
            {recent.map((r) => (
              <li key={r.path}>
                <button
                  type="button"
                  className="link"
                  disabled={!r.exists}
                  onClick={() => void run(() => openReview(r.path))}
                >
                  {r.title}
                </button>
                <span className="muted"> · {r.exists ? r.path : `missing: ${r.path}`}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
