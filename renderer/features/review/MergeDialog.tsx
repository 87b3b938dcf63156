// File > Merge reviewer work…: bring a reviewer's values, highlights and statuses in from a copy of
// this review they extracted in on another computer. The dialog reads the copy, lists its reviewers,
// shows what merging the chosen one's work would bring in and every conflict, and merges all or
// nothing. Layer: renderer.
import { useState, type FormEvent } from 'react';
import type { MergeCounts, MergePreview } from '../../../shared/model/merge';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

function describeCounts(counts: MergeCounts): string {
  const parts = [
    plural(counts.values, 'value'),
    plural(counts.highlights, 'highlight'),
    plural(counts.statuses, 'status', 'statuses'),
    ...(counts.arms ? [plural(counts.arms, 'arm')] : []),
    ...(counts.documents ? [plural(counts.documents, 'PDF')] : []),
  ];
  return `${parts.join(', ')} in ${plural(counts.studies, 'study', 'studies')}`;
}

export function MergeDialog() {
  const closeDialog = useApp((s) => s.closeDialog);
  const previewMerge = useApp((s) => s.previewMerge);
  const commitMerge = useApp((s) => s.commitMerge);
  const showNotice = useApp((s) => s.showNotice);
  const pendingPath = useApp((s) => s.pendingMergePath);
  const [path, setPath] = useState(pendingPath ?? '');
  const [copy, setCopy] = useState<MergePreview | null>(null);
  const [reviewer, setReviewer] = useState<string | null>(null);
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [passcode, setPasscode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const readCopy = (e: FormEvent) => {
    e.preventDefault();
    void attempt(async () => {
      setCopy(null);
      setPreview(null);
      setReviewer(null);
      setCopy(await previewMerge(path));
    });
  };

  const choose = (id: string) =>
    void attempt(async () => {
      setReviewer(id);
      setPreview(null);
      setPreview(await previewMerge(path, id));
    });

  const merge = (e: FormEvent) => {
    e.preventDefault();
    if (!preview?.reviewer || !preview.counts) return;
    const { name } = preview.reviewer;
    void attempt(async () => {
      const result = await commitMerge(path, reviewer!, preview.reviewer!.passcodeNeeded ? passcode : undefined);
      closeDialog();
      showNotice(
        'info',
        `Merged ${name}’s work from ${copy?.copy.title ?? 'the copy'}: ${describeCounts(result.counts)}${
          result.reviewerCreated ? ` (${name} was added as a reviewer)` : ''
        }.`,
      );
    });
  };

  const conflicts = preview?.conflictCount ?? 0;
  return (
    <Dialog title="Merge reviewer work" onClose={closeDialog} wide>
      <div className="form">
        <p className="hint">
          Bring in a reviewer’s values, highlights and statuses from a copy of this review they worked on elsewhere. The
          copy is only read; everything comes in, or nothing does.
        </p>
        <form className="inline-form" onSubmit={readCopy}>
          <label>
            Copy’s file path
            <input
              autoFocus
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/path/to/their copy.caliper"
              required
            />
          </label>
          <button type="submit" disabled={busy}>
            Read copy
          </button>
        </form>
        {copy && (
          <fieldset>
            <legend>Whose work to bring in from “{copy.copy.title}”</legend>
            {copy.reviewers.length === 0 && <p className="muted">The copy has no reviewers.</p>}
            {copy.reviewers.map((r) => (
              <label key={r.id} className="choice">
                <input
                  type="radio"
                  name="merge-reviewer"
                  checked={reviewer === r.id}
                  disabled={busy}
                  onChange={() => choose(r.id)}
                />
                {r.name}{' '}
                <span className="muted">
                  · {plural(r.values, 'value')}, {plural(r.highlights, 'highlight')}
                  {r.existsHere ? '' : ' · new here'}
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {preview?.reviewer && preview.counts && (
          <form onSubmit={merge} className="form" aria-label="Merge preview">
            <p role="status">
              {conflicts === 0
                ? `Merging brings in ${describeCounts(preview.counts)}`
                : `Nothing can be merged: ${plural(conflicts, 'conflict')}`}
              {preview.counts.unchanged > 0 ? ` (${preview.counts.unchanged} already here, unchanged)` : ''}.
              {preview.reviewer.created ? ` ${preview.reviewer.name} will be added as a reviewer.` : ''}
            </p>
            {conflicts > 0 && (
              <ul className="conflict-list" aria-label="Conflicts">
                {preview.conflicts.map((c, i) => (
                  <li key={i}>{c.message}</li>
                ))}
                {conflicts > preview.conflicts.length && (
                  <li className="muted">…and {conflicts - preview.conflicts.length} more.</li>
                )}
              </ul>
            )}
            {conflicts === 0 && preview.reviewer.passcodeNeeded && (
              <label>
                {preview.reviewer.name}’s passcode
                <input type="password" value={passcode} onChange={(e) => setPasscode(e.target.value)} required />
              </label>
            )}
            <div className="buttons">
              <button type="button" onClick={closeDialog}>
                Cancel
              </button>
              <button type="submit" className="primary" disabled={busy || conflicts > 0}>
                Merge
              </button>
            </div>
          </form>
        )}
        <FormError message={error} />
        {!preview && (
          <div className="buttons">
            <button type="button" onClick={closeDialog}>
              Cancel
            </button>
          </div>
        )}
      </div>
    </Dialog>
  );
}
