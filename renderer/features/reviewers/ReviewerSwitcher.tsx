// Who is extracting now, always visible in the header; reviewers are created here too. Each
// reviewer's work is kept apart, so switching is how two reviewers share one machine.
// Layer: renderer.
import { useState, type FormEvent } from 'react';
import type { Reviewer } from '../../../shared/model/types';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText, useAction } from '../../ui/useAction';

export function ReviewerSwitcher() {
  const reviewers = useApp((s) => s.reviewers);
  const currentId = useApp((s) => s.currentReviewerId);
  const setCurrentReviewer = useApp((s) => s.setCurrentReviewer);
  const openDialog = useApp((s) => s.openDialog);
  const run = useAction();
  // A reviewer with a passcode is switched to only after it is entered here.
  const [asking, setAsking] = useState<Reviewer | null>(null);
  const [changingPasscode, setChangingPasscode] = useState(false);
  const current = reviewers.find((r) => r.id === currentId) ?? null;
  const choose = (id: string) => {
    const reviewer = reviewers.find((r) => r.id === id);
    if (reviewer?.hasPasscode) setAsking(reviewer);
    else void run(() => setCurrentReviewer(id));
  };
  return (
    <div className="reviewer-switcher">
      {asking && <PasscodeDialog reviewer={asking} onClose={() => setAsking(null)} />}
      <label>
        Reviewer
        <select value={currentId ?? ''} onChange={(e) => choose(e.target.value)} aria-label="Current reviewer">
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
      {current && (
        <button type="button" onClick={() => setChangingPasscode(true)}>
          Passcode…
        </button>
      )}
      {current && changingPasscode && (
        <ChangePasscodeDialog reviewer={current} onClose={() => setChangingPasscode(false)} />
      )}
    </div>
  );
}

function PasscodeDialog(props: { reviewer: Reviewer; onClose: () => void }) {
  const setCurrentReviewer = useApp((s) => s.setCurrentReviewer);
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await setCurrentReviewer(props.reviewer.id, passcode);
      props.onClose();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title={`Switch to ${props.reviewer.name}`} onClose={props.onClose}>
      <form onSubmit={submit} className="form">
        <label>
          {props.reviewer.name}’s passcode
          <input type="password" autoFocus value={passcode} onChange={(e) => setPasscode(e.target.value)} required />
        </label>
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Switch
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Sets, changes or clears the current reviewer's own passcode (changing or clearing needs the current one). */
function ChangePasscodeDialog(props: { reviewer: Reviewer; onClose: () => void }) {
  const api = useApp((s) => s.api);
  const showNotice = useApp((s) => s.showNotice);
  const has = props.reviewer.hasPasscode;
  const [current, setCurrent] = useState('');
  const [passcode, setPasscode] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = async (next: string | null) => {
    if (next !== null && next !== again) {
      setError('The two new passcodes differ.');
      return;
    }
    try {
      await api.call('reviewer:setPasscode', { ...(has ? { current } : {}), passcode: next });
      showNotice(
        'info',
        next === null ? `${props.reviewer.name}’s passcode is cleared.` : `${props.reviewer.name}’s passcode is set.`,
      );
      props.onClose();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title={`${has ? 'Change' : 'Set'} ${props.reviewer.name}’s passcode`} onClose={props.onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save(passcode);
        }}
      >
        {has && (
          <label>
            Current passcode
            <input type="password" autoFocus value={current} onChange={(e) => setCurrent(e.target.value)} required />
          </label>
        )}
        <label>
          New passcode
          <input
            type="password"
            autoFocus={!has}
            value={passcode}
            onChange={(e) => setPasscode(e.target.value)}
            minLength={4}
            required
          />
        </label>
        <label>
          New passcode again
          <input type="password" value={again} onChange={(e) => setAgain(e.target.value)} required />
        </label>
        <p className="hint">Switching to {props.reviewer.name} asks for the passcode, in every window and tab.</p>
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          {has && (
            <button
              type="button"
              onClick={() => (current ? void save(null) : setError('Enter your current passcode to clear it.'))}
            >
              Clear passcode
            </button>
          )}
          <button type="submit" className="primary">
            {has ? 'Change passcode' : 'Set passcode'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function NewReviewerDialog() {
  const closeDialog = useApp((s) => s.closeDialog);
  const createReviewer = useApp((s) => s.createReviewer);
  const [name, setName] = useState('');
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await createReviewer(name, passcode || undefined);
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
        <label>
          Passcode (optional)
          <input type="password" value={passcode} onChange={(e) => setPasscode(e.target.value)} minLength={4} />
        </label>
        <p className="hint">
          The new reviewer becomes the current one. With a passcode, nobody else can switch to them and see their work
          before it is reconciled.
        </p>
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
