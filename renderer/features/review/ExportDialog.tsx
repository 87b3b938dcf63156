// File > Export…: the format, whose values (the consensus, one reviewer, or every layer), which
// studies (all, or only those complete), a BOM for CSV read by Excel, progress for a long export and
// Cancel. In the desktop app the file goes where the save dialog says; in a browser it downloads
// under a default name (review title, what it is, date). Layer: renderer.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ExportFormatInfo, ExportRunResult } from '../../../shared/contract/exports';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';

function download(result: ExportRunResult): void {
  const bytes = Uint8Array.from(atob(result.base64 ?? ''), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: result.mediaType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = result.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportDialog() {
  const api = useApp((s) => s.api);
  const closeDialog = useApp((s) => s.closeDialog);
  const showNotice = useApp((s) => s.showNotice);
  const reviewers = useApp((s) => s.reviewers);
  const [formats, setFormats] = useState<ExportFormatInfo[] | null>(null);
  const [canChoose, setCanChoose] = useState(false);
  const [format, setFormat] = useState('xlsx');
  const [layer, setLayer] = useState('consensus');
  const [studies, setStudies] = useState<'all' | 'complete'>('all');
  const [bom, setBom] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const idPrefix = useId();
  const counter = useRef(0);

  useEffect(() => {
    let live = true;
    api
      .call('export:formats', {})
      .then((r) => {
        if (!live) return;
        setFormats(r.formats);
        setCanChoose(r.canChooseFile);
      })
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [api]);

  useEffect(
    () =>
      api.on('export:progress', (p) => {
        if (p.exportId === running) setProgress({ done: p.done, total: p.total });
      }),
    [api, running],
  );

  const chosen = formats?.find((f) => f.id === format);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    const exportId = `${idPrefix}-${++counter.current}`;
    setError(null);
    setProgress(null);
    setRunning(exportId);
    try {
      const result = await api.call('export:run', {
        exportId,
        format: chosen.id,
        layer:
          layer === 'consensus' || layer === 'all'
            ? { kind: layer }
            : { kind: 'reviewer', name: reviewers.find((r) => r.id === layer)?.name ?? layer },
        studies,
        bom,
        destination: canChoose ? { kind: 'choose' } : { kind: 'download' },
      });
      if (result.cancelled) return;
      if (result.base64 !== undefined) download(result);
      closeDialog();
      showNotice(
        'info',
        `Exported ${result.rows.toLocaleString()} ${result.unit} to ${result.path ?? result.fileName}.`,
      );
    } catch (err) {
      setError(errorText(err));
    } finally {
      setRunning(null);
    }
  };

  const cancel = () => {
    if (running) void api.call('export:cancel', { exportId: running });
    else closeDialog();
  };

  return (
    <Dialog title="Export" onClose={cancel} wide>
      <form onSubmit={submit} className="form">
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value)} disabled={!formats || !!running}>
            {(formats ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Values
          <select value={layer} onChange={(e) => setLayer(e.target.value)} disabled={!!running}>
            <option value="consensus">The consensus</option>
            {reviewers.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}’s extraction
              </option>
            ))}
            <option value="all">All: the consensus and each reviewer</option>
          </select>
        </label>
        <label>
          Studies
          <select
            value={studies}
            onChange={(e) => setStudies(e.target.value as 'all' | 'complete')}
            disabled={!!running}
          >
            <option value="all">All studies</option>
            <option value="complete">Only studies whose extraction is complete</option>
          </select>
        </label>
        {chosen?.extension === 'csv' && (
          <label className="check">
            <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} disabled={!!running} />
            Start with a byte-order mark (for Excel)
          </label>
        )}
        {chosen && <p className="hint">File name: {chosen.defaultFileName}</p>}
        {running && (
          <div className="progress" role="status" aria-live="polite">
            <progress max={progress?.total || undefined} value={progress?.done} aria-label="Export progress" />
            <span>
              {progress
                ? `${Math.round((100 * progress.done) / Math.max(1, progress.total))}%`
                : 'Starting the export…'}
            </span>
          </div>
        )}
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!chosen || !!running}>
            {canChoose ? 'Export…' : 'Export'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
