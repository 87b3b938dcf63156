// Messages over the workbench, in a corner, so they never push the layout: an error stays until it is
// dismissed, information goes by itself after a few seconds. The region is always in the page and
// polite, so assistive technology announces each message; an error is also an alert. A technical
// cause (detail) is one click away. Layer: renderer.
import { useEffect } from 'react';
import { useApp } from '../store';
import { useKeys } from './keys';

/** How long an information message stays. */
export const INFO_NOTICE_MS = 6000;

export function Notices() {
  const notice = useApp((s) => s.notice);
  const clearNotice = useApp((s) => s.clearNotice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const timer = setTimeout(clearNotice, INFO_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, clearNotice]);
  useKeys(
    'global',
    [
      {
        key: 'Escape',
        description: 'Dismiss the error message',
        group: 'Messages',
        run: () => {
          if (document.querySelector('dialog[open]')) return false;
          clearNotice();
        },
      },
    ],
    notice?.kind === 'error',
  );
  return (
    <div className="toasts" aria-live="polite">
      {notice && (
        <div
          key={notice.seq}
          className={`notice notice-${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          <div className="notice-body">
            <span>{notice.text}</span>
            {notice.detail && (
              <details className="notice-detail">
                <summary>Details</summary>
                <code>{notice.detail}</code>
              </details>
            )}
          </div>
          <button type="button" className="link" onClick={clearNotice} aria-label="Dismiss message">
            ×
          </button>
        </div>
      )}
    </div>
  );
}
