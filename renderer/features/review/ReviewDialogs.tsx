// Dialogs for review files: new, open (from the reviews folder, recent files, or a path), save a
// copy, and About. Layer: renderer.
import { useEffect, useState, type FormEvent } from 'react';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';

export function NewReviewDialog() {
  const closeDialog = useApp((s) => s.closeDialog);
  const createReview = useApp((s) => s.createReview);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await createReview(title);
      closeDialog();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title="New review" onClose={closeDialog}>
      <form onSubmit={submit} className="form">
        <label>
          Review title
          <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <p className="hint">The review file is created in Caliper's reviews folder.</p>
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Create review
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function OpenReviewDialog() {
  const closeDialog = useApp((s) => s.closeDialog);
  const openReview = useApp((s) => s.openReview);
  const files = useApp((s) => s.files);
  const refreshReviewLists = useApp((s) => s.refreshReviewLists);
  const [path, setPath] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void refreshReviewLists();
  }, [refreshReviewLists]);
  const open = async (target: string) => {
    try {
      await openReview(target);
      closeDialog();
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title="Open review" onClose={closeDialog} wide>
      <div className="form">
        <ul className="file-list" aria-label="Reviews in the reviews folder">
          {files.length === 0 && <li className="muted">No reviews in the reviews folder yet.</li>}
          {files.map((f) => (
            <li key={f.path}>
              <button type="button" className="link" onClick={() => void open(f.path)}>
                {f.name.replace(/\.caliper$/, '')}
              </button>
              <span className="muted"> · {new Date(f.modifiedAt).toLocaleString()}</span>
            </li>
          ))}
        </ul>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void open(path);
          }}
        >
          <label>
            Review file path
            <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/review.caliper" />
          </label>
          <button type="submit">Open</button>
        </form>
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
        </div>
      </div>
    </Dialog>
  );
}

export function SaveCopyDialog() {
  const closeDialog = useApp((s) => s.closeDialog);
  const saveCopy = useApp((s) => s.saveCopy);
  const showNotice = useApp((s) => s.showNotice);
  const review = useApp((s) => s.review);
  const [path, setPath] = useState(review ? review.path.replace(/\.caliper$/, ' copy.caliper') : '');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const written = await saveCopy(path);
      closeDialog();
      showNotice('info', `A copy was saved to ${written}.`);
    } catch (err) {
      setError(errorText(err));
    }
  };
  return (
    <Dialog title="Save a copy" onClose={closeDialog} wide>
      <form onSubmit={submit} className="form">
        <label>
          Copy's file path
          <input autoFocus value={path} onChange={(e) => setPath(e.target.value)} required />
        </label>
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save copy
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function AboutDialog() {
  const closeDialog = useApp((s) => s.closeDialog);
  const info = useApp((s) => s.appInfo);
  return (
    <Dialog title="About Caliper" onClose={closeDialog}>
      <p>Data extraction for systematic reviews.</p>
      <dl className="facts">
        {info &&
          Object.entries(info.versions).map(([name, version]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{version}</dd>
            </div>
          ))}
        {info && (
          <div>
            <dt>data folder</dt>
            <dd>{info.dataDir}</dd>
          </div>
        )}
      </dl>
      <div className="buttons">
        <button type="button" className="primary" onClick={closeDialog}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
