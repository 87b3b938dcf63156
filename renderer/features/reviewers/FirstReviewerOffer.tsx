// The first run of a review with no reviewer: instead of a line of grey text, the extraction panel
// offers to create the first reviewer there and then (name, and an optional passcode). A dialog that
// does not block the rest of the window: the library and the reader work while it waits.
// Layer: renderer.
import { useId, useState, type FormEvent } from 'react';
import { useApp } from '../../store';
import { FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';

export function FirstReviewerOffer(props: { problem: string }) {
  const reviewers = useApp((s) => s.reviewers);
  const createReviewer = useApp((s) => s.createReviewer);
  const titleId = useId();
  const [name, setName] = useState('');
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Reviewers exist but none is chosen here (a new window): choosing is in the header.
  if (reviewers.length > 0) return <p className="muted extraction-problem">{props.problem}</p>;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await createReviewer(name, passcode || undefined);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <div role="dialog" aria-labelledby={titleId} className="first-reviewer">
      <h2 id={titleId} className="dialog-title">
        Who is extracting?
      </h2>
      <p>
        This review has no reviewer yet. Each reviewer’s values, highlights and statuses are kept apart until two
        reviewers reconcile them, so Caliper needs to know who you are before you extract.
      </p>
      <form className="form" onSubmit={submit}>
        <label>
          Your name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Passcode to keep others out (optional)
          <input type="password" value={passcode} onChange={(e) => setPasscode(e.target.value)} minLength={4} />
        </label>
        <FormError message={error} />
        <div className="buttons">
          <button type="submit" className="primary">
            Start extracting
          </button>
        </div>
      </form>
    </div>
  );
}
