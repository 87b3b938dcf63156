// Importing a batch (or a folder) of PDFs: each PDF is read first (nothing stored) and matched to the
// studies it may belong to, by DOI and then by title; the reviewer confirms or changes each match
// (or makes it a new study) before anything is written. Layer: renderer.
import { useState } from 'react';
import { joinMessages, splitDetail } from '../../../shared/pdf/pdfErrors';
import type { PdfMatchResult } from '../../../shared/model/types';
import { useApp } from '../../store';
import { fileBytes } from '../../store/studiesSlice';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';

interface Row {
  file: File;
  match: PdfMatchResult | null;
  error: string | null;
  /** Study id to attach to, or 'new'. */
  target: string;
  confirmed: boolean;
  done: 'imported' | 'failed' | null;
}

const folderInputProps = { webkitdirectory: '', directory: '' } as Record<string, string>;

export function PdfImportDialog() {
  const api = useApp((s) => s.api);
  const studies = useApp((s) => s.studies);
  const closeDialog = useApp((s) => s.closeDialog);
  const refreshStudies = useApp((s) => s.refreshStudies);
  const showNotice = useApp((s) => s.showNotice);
  const [rows, setRows] = useState<Row[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const read = async (files: File[]) => {
    const pdfs = files.filter((f) => f.name.toLowerCase().endsWith('.pdf'));
    if (pdfs.length === 0) {
      setError('No PDF files were chosen.');
      return;
    }
    setBusy(true);
    setError(null);
    const next: Row[] = [];
    for (const file of pdfs) {
      try {
        const match = await api.call('document:matchPdf', {
          fileName: file.name,
          content: await fileBytes(file),
        });
        const best = match.matches[0];
        const sure = best && (best.by === 'doi' || best.score >= 0.999);
        next.push({
          file,
          match,
          error: null,
          target: best ? best.studyId : 'new',
          confirmed: !best || !!sure,
          done: null,
        });
      } catch (e) {
        next.push({ file, match: null, error: errorText(e), target: 'new', confirmed: false, done: null });
      }
      setRows([...next]);
    }
    setBusy(false);
  };

  const update = (index: number, change: Partial<Row>) =>
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...change } : r)));

  const importConfirmed = async () => {
    setBusy(true);
    let imported = 0;
    const notes: string[] = [];
    for (const [index, row] of rows.entries()) {
      if (!row.confirmed || row.error || row.done) continue;
      try {
        const result = await api.call('document:importPdf', {
          fileName: row.file.name,
          content: await fileBytes(row.file),
          ...(row.target === 'new' ? {} : { studyId: row.target }),
        });
        notes.push(...result.notes.map((n) => (n.includes(row.file.name) ? n : `${row.file.name}: ${n}`)));
        imported++;
        update(index, { done: 'imported' });
      } catch (e) {
        update(index, { done: 'failed', error: errorText(e) });
      }
    }
    setBusy(false);
    await refreshStudies();
    const { text, detail } = joinMessages([`Imported ${imported} ${imported === 1 ? 'PDF' : 'PDFs'}.`, ...notes]);
    showNotice('info', text, detail);
  };

  const ready = rows.filter((r) => r.confirmed && !r.error && !r.done).length;
  return (
    <Dialog title="Import PDFs" onClose={closeDialog} wide>
      <div className="form">
        <div className="form-row">
          <label className="grow">
            PDF files
            <input
              type="file"
              accept=".pdf,application/pdf"
              multiple
              onChange={(e) => void read([...(e.target.files ?? [])])}
            />
          </label>
          <label className="grow">
            Or a folder of PDFs
            <input type="file" {...folderInputProps} onChange={(e) => void read([...(e.target.files ?? [])])} />
          </label>
        </div>
        {rows.length > 0 && (
          <table className="import-table" aria-label="PDFs to import">
            <thead>
              <tr>
                <th>Import</th>
                <th>File</th>
                <th>Read from the PDF</th>
                <th>Study</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <tr key={`${row.file.name}:${index}`}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Import ${row.file.name}`}
                      checked={row.confirmed}
                      disabled={!!row.error || !!row.done}
                      onChange={(e) => update(index, { confirmed: e.target.checked })}
                    />
                  </td>
                  <td>{row.file.name}</td>
                  <td>
                    {row.error ? (
                      <span className="form-error" title={splitDetail(row.error).detail}>
                        {splitDetail(row.error).text}
                      </span>
                    ) : row.match ? (
                      <>
                        {row.match.title ?? 'no title'} · {row.match.pageCount} pages
                        {row.match.doi ? ` · ${row.match.doi}` : ''}
                        {row.done === 'imported' && <strong> · imported</strong>}
                      </>
                    ) : null}
                  </td>
                  <td>
                    <select
                      aria-label={`Study for ${row.file.name}`}
                      value={row.target}
                      disabled={!!row.error || !!row.done}
                      onChange={(e) => update(index, { target: e.target.value, confirmed: true })}
                    >
                      <option value="new">New study</option>
                      {row.match?.matches.map((m) => (
                        <option key={`m:${m.studyId}`} value={m.studyId}>
                          {m.label} ({m.by === 'doi' ? 'same DOI' : `title ${Math.round(m.score * 100)}% alike`})
                        </option>
                      ))}
                      <optgroup label="All studies">
                        {studies.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.label}: {s.title}
                          </option>
                        ))}
                      </optgroup>
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {busy && <p role="status">Reading PDFs…</p>}
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={closeDialog}>
            Close
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || ready === 0}
            onClick={() => void importConfirmed()}
          >
            Import {ready} {ready === 1 ? 'PDF' : 'PDFs'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
