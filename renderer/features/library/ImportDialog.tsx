// Importing a reference file (RIS, PubMed/MEDLINE, EndNote XML, BibTeX, CSV): the file is read and
// previewed first (new records, likely duplicates with skip or merge for each, bad records with line
// and reason, CSV columns to map), nothing is written until the reviewer confirms, and then all of
// it is written in one transaction. Progress arrives as events; Cancel stops it. Layer: renderer.
import { useEffect, useState } from 'react';
import {
  CSV_COLUMN_FIELDS,
  type CsvColumnField,
  type DuplicateAction,
  type ImportDuplicate,
  type ImportPreview,
  type ImportRecordSummary,
} from '../../../shared/model/imports';
import { formatMegabytes } from '../../../shared/contract/limits';
import { MAX_REFERENCE_CONTENT_BYTES } from '../../../shared/contract/sources';
import { useApp } from '../../store';
import { fileBytes } from '../../store/studiesSlice';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';
import { NewRecordsList } from './NewRecordsList';

export const REFERENCE_FILE_TYPES = '.ris,.nbib,.txt,.xml,.bib,.csv,.medline';

const REASONS = { doi: 'same DOI', pmid: 'same PMID', title_year: 'same title and year' } as const;

/** A count as reviewers read it: 100,000 rather than 100000. */
const count = (n: number): string => n.toLocaleString('en');
/** A count with its noun: "1 record", "100,000 records". */
const counted = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;

export function ImportDialog() {
  const api = useApp((s) => s.api);
  const closeDialog = useApp((s) => s.closeDialog);
  const refreshStudies = useApp((s) => s.refreshStudies);
  const showNotice = useApp((s) => s.showNotice);
  const pendingFile = useApp((s) => s.pendingImportFile);
  const [file, setFile] = useState<File | null>(pendingFile);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // The new records and duplicates listed so far: the preview's first ones, then pages asked for.
  const [newRecords, setNewRecords] = useState<ImportRecordSummary[]>([]);
  const [duplicates, setDuplicates] = useState<ImportDuplicate[]>([]);
  const [paging, setPaging] = useState(false);
  const [decisions, setDecisions] = useState<Record<number, DuplicateAction>>({});
  const [mapping, setMapping] = useState<Partial<Record<CsvColumnField, string>> | null>(null);
  const [progress, setProgress] = useState<{ phase: string; done: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => api.on('import:progress', (p) => setProgress(p)), [api]);

  const read = async (chosen: File, columnMapping?: Partial<Record<CsvColumnField, string>>) => {
    setBusy(true);
    setError(null);
    setPreview(null);
    try {
      // Refused before it is read into memory: the backend would refuse it anyway.
      if (chosen.size > MAX_REFERENCE_CONTENT_BYTES) {
        throw new Error(
          `${chosen.name} is ${formatMegabytes(chosen.size)}; the limit for a reference file opened in the app is ${formatMegabytes(MAX_REFERENCE_CONTENT_BYTES)} (a larger one imports with caliper import).`,
        );
      }
      const result = await api.call('source:previewImport', {
        fileName: chosen.name,
        content: await fileBytes(chosen),
        ...(columnMapping ? { columnMapping } : {}),
      });
      setPreview(result);
      setNewRecords(result.newRecords);
      setDuplicates(result.duplicates);
      setMapping(result.csv?.mapping ?? null);
      setDecisions(Object.fromEntries(result.duplicates.map((d) => [d.record.index, 'skip' as const])));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  useEffect(() => {
    if (file) void read(file);
    // Read once for the file chosen; later re-reads are explicit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [file]);

  /** Lists the next page of new records or duplicates (a duplicate listed is skipped unless changed). */
  const listMore = async (list: 'new' | 'duplicates') => {
    if (!preview) return;
    setPaging(true);
    setError(null);
    try {
      const page = await api.call('source:previewPage', {
        previewId: preview.previewId,
        list,
        offset: list === 'new' ? newRecords.length : duplicates.length,
      });
      if (list === 'new') setNewRecords((listed) => [...listed, ...page.newRecords]);
      else {
        setDuplicates((listed) => [...listed, ...page.duplicates]);
        setDecisions((decided) => ({
          ...Object.fromEntries(page.duplicates.map((d) => [d.record.index, 'skip' as const])),
          ...decided,
        }));
      }
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPaging(false);
    }
  };

  const commit = async () => {
    if (!preview) return;
    setBusy(true);
    setError(null);
    try {
      const summary = await api.call('source:commitImport', {
        previewId: preview.previewId,
        decisions: Object.entries(decisions).map(([index, action]) => ({ index: Number(index), action })),
      });
      await refreshStudies();
      closeDialog();
      showNotice(
        'info',
        `Imported ${counted(summary.imported, 'study', 'studies')} from ${preview.fileName}` +
          `${summary.merged ? `, merged ${count(summary.merged)} into existing studies` : ''}` +
          `${summary.skipped ? `, skipped ${counted(summary.skipped, 'duplicate')}` : ''}` +
          `${summary.bad ? `; ${counted(summary.bad, 'bad record was', 'bad records were')} not imported` : ''}.`,
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const cancel = async () => {
    // Stops a running read or write, and releases a preview that was not imported.
    if (busy || preview)
      await api.call('source:cancelImport', preview ? { previewId: preview.previewId } : {}).catch(() => undefined);
    closeDialog();
  };

  const toWrite = preview ? preview.counts.new + Object.values(decisions).filter((d) => d === 'merge').length : 0;
  return (
    <Dialog title="Import references" onClose={() => void cancel()} wide>
      <div className="form">
        <label>
          Reference file (RIS, PubMed/MEDLINE, EndNote XML, BibTeX or CSV)
          <input
            type="file"
            accept={REFERENCE_FILE_TYPES}
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              if (chosen) setFile(chosen);
            }}
          />
        </label>
        {file && <p className="hint">{file.name}</p>}
        {busy && (
          <div className="progress" role="status" aria-live="polite">
            <progress max={progress?.total || undefined} value={progress?.done} aria-label="Import progress" />
            <span>
              {progress
                ? `${progress.phase} ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()}`
                : 'Reading…'}
            </span>
          </div>
        )}
        {preview && (
          <section aria-label="Import preview" className="import-preview">
            <p className="counts" role="status">
              {counted(preview.counts.records, 'record')} ({preview.format ?? 'unknown format'}, {preview.encoding}):{' '}
              <strong>{count(preview.counts.new)} new</strong>, {counted(preview.counts.duplicates, 'likely duplicate')}
              , {count(preview.counts.bad)} bad
            </p>
            {preview.csv && mapping && (
              <fieldset className="mapping">
                <legend>CSV columns</legend>
                {CSV_COLUMN_FIELDS.map((field) => (
                  <label key={field}>
                    {field}
                    <select
                      value={mapping[field] ?? ''}
                      onChange={(e) => setMapping({ ...mapping, [field]: e.target.value || undefined })}
                    >
                      <option value="">(none)</option>
                      {preview.csv!.headers.map((h) => (
                        <option key={h} value={h}>
                          {h}
                        </option>
                      ))}
                    </select>
                  </label>
                ))}
                <button type="button" onClick={() => file && void read(file, mapping)}>
                  Read again with these columns
                </button>
              </fieldset>
            )}
            <NewRecordsList
              records={newRecords}
              total={preview.counts.new}
              busy={paging}
              onMore={() => void listMore('new')}
            />
            {duplicates.length > 0 && preview.counts.duplicates > duplicates.length && (
              <p className="hint">
                The first {duplicates.length.toLocaleString()} of {preview.counts.duplicates.toLocaleString()} likely
                duplicates are listed; those not listed are skipped.
              </p>
            )}
            {duplicates.length > 0 && (
              <table className="import-table" aria-label="Likely duplicates">
                <thead>
                  <tr>
                    <th>Line</th>
                    <th>Record</th>
                    <th>Duplicate of</th>
                    <th>Action</th>
                  </tr>
                </thead>
                <tbody>
                  {duplicates.map((d) => (
                    <tr key={d.record.index}>
                      <td>{d.record.line}</td>
                      <td>
                        {d.record.title} {d.record.year ? `(${d.record.year})` : ''}
                      </td>
                      <td>
                        {d.existing ? d.existing.label : `record on line ${d.sameAs?.line}`} · {REASONS[d.by]}
                      </td>
                      <td>
                        <select
                          aria-label={`Action for line ${d.record.line}`}
                          value={decisions[d.record.index] ?? 'skip'}
                          onChange={(e) =>
                            setDecisions({ ...decisions, [d.record.index]: e.target.value as DuplicateAction })
                          }
                        >
                          <option value="skip">Skip</option>
                          <option value="merge">Merge as another report</option>
                        </select>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {preview.counts.duplicates > duplicates.length && (
              <button type="button" className="list-more" disabled={paging} onClick={() => void listMore('duplicates')}>
                List more duplicates ({(preview.counts.duplicates - duplicates.length).toLocaleString()} not listed)
              </button>
            )}
            {preview.bad.length > 0 && (
              <div>
                <h3 className="small-heading">Bad records (not imported)</h3>
                <ul className="bad-records" aria-label="Bad records">
                  {preview.bad.map((b) => (
                    <li key={b.line}>
                      Line {b.line}: {b.reason}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {preview.notes && preview.notes.length > 0 && (
              <details>
                <summary className="small-heading">
                  Notes ({preview.notes.length}): imported, with these changes
                </summary>
                <ul className="bad-records" aria-label="Import notes">
                  {preview.notes.map((n, i) => (
                    <li key={i}>
                      Line {n.line}: {n.note}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        )}
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={!preview || busy || toWrite === 0}
            onClick={() => void commit()}
          >
            {preview ? `Import ${counted(toWrite, 'record')}` : 'Import'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
