// Add a study by pasting its citation and abstract. Authors are one per line (or separated by
// semicolons), as reference managers print them. Layer: renderer.
import { useState, type FormEvent } from 'react';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';

export function splitAuthors(text: string): string[] {
  return text
    .split(/[\n;]+/)
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
}

export function AddStudyDialog() {
  const closeDialog = useApp((s) => s.closeDialog);
  const addStudy = useApp((s) => s.addStudy);
  const [title, setTitle] = useState('');
  const [authors, setAuthors] = useState('');
  const [year, setYear] = useState('');
  const [journal, setJournal] = useState('');
  const [abstract, setAbstract] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const yearText = year.trim();
    if (yearText && !/^\d{4}$/.test(yearText)) {
      setError('The year must be four digits, for example 2018.');
      return;
    }
    setBusy(true);
    try {
      await addStudy({
        title,
        authors: splitAuthors(authors),
        year: yearText ? Number(yearText) : null,
        journal,
        abstract,
      });
      closeDialog();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Add study" onClose={closeDialog} wide>
      <form onSubmit={submit} className="form">
        <label>
          Title
          <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <div className="form-row">
          <label className="grow">
            Authors (one per line)
            <textarea rows={3} value={authors} onChange={(e) => setAuthors(e.target.value)} />
          </label>
          <div className="form-col">
            <label>
              Year
              <input inputMode="numeric" value={year} onChange={(e) => setYear(e.target.value)} size={6} />
            </label>
            <label>
              Journal
              <input value={journal} onChange={(e) => setJournal(e.target.value)} />
            </label>
          </div>
        </div>
        <label>
          Abstract (pasted)
          <textarea rows={12} value={abstract} onChange={(e) => setAbstract(e.target.value)} />
        </label>
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Add study
          </button>
        </div>
      </form>
    </Dialog>
  );
}
