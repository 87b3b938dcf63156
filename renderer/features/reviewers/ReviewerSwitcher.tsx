// Who is extracting now, always visible in the header; reviewers are created here too. Each
// reviewer's work is kept apart, so switching is how two reviewers share one machine.
// Layer: renderer.
import { useState, type FormEvent } from 'react';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText, useAction } from '../../ui/useAction';

export function ReviewerSwitcher() {
  const reviewers = useApp((s) => s.reviewers);
  const currentId = useApp((s) => s.currentReviewerId);
  const setCurrentReviewer = useApp((s) => s.setCurrentReviewer);
  const openDialog = useApp((s) => s.openDialog);
  const run = useAction();
  return (
    <div className="reviewer-switcher">
      <label>
        Reviewer
        <select
          value={currentId ?? ''}
          onChange={(e) => void run(() => setCurrentReviewer(e.target.value))}
          aria-label="Current reviewer"
        >
          {currentId === null && <option value="">Choose a reviewer…</option>}
          {reviewers.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" onClick={() => openDialog('newReviewer')}>
        New reviewer…
      </button>
    </div>
  );
}

export function NewReviewerDialog() {
  const closeDialog = useApp((s) => s.closeDialog);
  const createReviewer = useApp((s) => s.createReviewer);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await createReviewer(name);
      closeDialog();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title="New reviewer" onClose={closeDialog}>
      <form onSubmit={submit} className="form">
        <label>
          Reviewer name
          <input autoFocus value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <p className="hint">The new reviewer becomes the current one.</p>
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Add reviewer
          </button>
        </div>
      </form>
    </Dialog>
  );
}
