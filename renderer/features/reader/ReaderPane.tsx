// The reader: the selected study's citation and reports, each report's abstract and its PDFs (one tab each), with
// highlights and marks on PDF-damaged values. Selecting text and choosing "Highlight selection" (or
// pressing H) stores a highlight. ] and [ (or Alt+↓ and Alt+↑) select the next or previous recognised
// statistic, which the mapping panel then offers (1–9 map it), so a study can be extracted from the
// keyboard. The documents are tabs in a row of their own above the document, each named in full (its
// name is also its tooltip; arrow keys move between them). PDFs are attached with the button or
// by dropping them here. Layer: renderer.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { ResponseOf } from '../../../shared/contract/contract';
import type { StudyDetail } from '../../../shared/model/types';
import { ApiError } from '../../api/client';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { useKeys } from '../../ui/keys';
import { errorText, useAction } from '../../ui/useAction';
import { MappingPanel, type ReaderSelection } from '../extraction/MappingPanel';
import type { PdfSource } from './pdf/pdfjs';
import { PdfViewer, type PdfSelection } from './pdf/PdfViewer';
import { REPORT_KINDS, ReportList } from './ReportList';
import { selectionWithin } from './selection';
import { selectInText, sentenceAround, statisticStops, stepStop, type Stop } from './statisticStops';
import { TextDocument } from './TextDocument';

/** Each reviewer's colour: their place in the reviewer list, five colours in turn. */
export function useReviewerColour(): (reviewerId: string | null) => number {
  const reviewers = useApp((s) => s.reviewers);
  return useCallback(
    (reviewerId) => {
      const index = reviewers.findIndex((r) => r.id === reviewerId);
      return index === -1 ? 5 : index % 5;
    },
    [reviewers],
  );
}

type Tab = { key: string; label: string; kind: 'abstract' | 'pdf'; sha256: string; text?: string };

/** The tab of an abstract: "abstract" for the primary report's, by document for other reports'. */
const abstractKey = (study: StudyDetail, sha256: string) =>
  sha256 === study.abstract?.sha256 ? 'abstract' : `abstract:${sha256}`;

function tabsOf(study: StudyDetail): Tab[] {
  const tabs: Tab[] = [];
  if (study.abstract) tabs.push({ key: 'abstract', label: 'Abstract', kind: 'abstract', ...study.abstract });
  for (const other of study.otherAbstracts) {
    const report = study.reports.find((r) => r.abstractSha256 === other.sha256);
    const about = report ? `${REPORT_KINDS[report.kind].toLowerCase()}${report.year ? ` ${report.year}` : ''}` : '';
    tabs.push({ key: abstractKey(study, other.sha256), label: `Abstract (${about})`, kind: 'abstract', ...other });
  }
  study.documents
    .filter((d) => d.kind === 'pdf')
    .forEach((d, i) =>
      tabs.push({ key: d.sha256, label: d.fileName ?? `PDF ${i + 1}`, kind: 'pdf', sha256: d.sha256 }),
    );
  return tabs;
}

function PdfTab(props: {
  sha256: string;
  label: string;
  onSelection: (s: PdfSelection | null) => void;
  colourOf: (id: string | null) => number;
}) {
  const { sha256 } = props;
  const pdfDocument = useApp((s) => s.pdfDocument);
  const api = useApp((s) => s.api);
  const allHighlights = useApp((s) => s.highlights);
  const focusedHighlightId = useApp((s) => s.focusedHighlightId);
  // The same array while the highlights do not change, so the viewer does not re-measure its overlays.
  const highlights = useMemo(() => allHighlights.filter((h) => h.documentSha256 === sha256), [allHighlights, sha256]);
  const [info, setInfo] = useState<ResponseOf<'document:get'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setInfo(null);
    pdfDocument(sha256).then(
      (doc) => !cancelled && setInfo(doc),
      (e: unknown) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [sha256, pdfDocument]);
  const source = useMemo<PdfSource | null>(
    () =>
      info && {
        url: info.url,
        length: info.bytes,
        fetchRange: (url, start, end, signal) => api.fetchRange(url, start, end, signal),
      },
    [info, api],
  );
  const find = useCallback(
    (query: string, searchId: string) => api.call('document:find', { sha256, query, searchId }),
    [api, sha256],
  );
  const pages = useCallback(async () => (await api.call('document:pages', { sha256 })).pages, [api, sha256]);
  if (error)
    return (
      <p className="form-error" role="alert">
        {error}
      </p>
    );
  if (!info || !source) return <p className="muted">Loading the PDF…</p>;
  return (
    <PdfViewer
      source={source}
      pageCount={info.pageCount}
      unusablePages={info.unusablePages}
      label={props.label}
      highlights={highlights}
      colourOf={props.colourOf}
      focusedHighlightId={focusedHighlightId}
      onSelection={props.onSelection}
      find={find}
      pages={pages}
    />
  );
}

function PasswordDialog(props: {
  fileName: string;
  onSubmit: (password: string) => void;
  onClose: () => void;
  error: string | null;
}) {
  const [password, setPassword] = useState('');
  return (
    <Dialog title="PDF password" onClose={props.onClose}>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit(password);
        }}
      >
        <p>“{props.fileName}” is password-protected.</p>
        <label>
          Password
          <input type="password" autoFocus value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <FormError message={props.error} />
        <div className="buttons">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Open PDF
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ReaderPane() {
  const study = useApp((s) => s.selectedStudy);
  const highlights = useApp((s) => s.highlights);
  const focusedHighlightId = useApp((s) => s.focusedHighlightId);
  const createHighlight = useApp((s) => s.createHighlight);
  const attachPdf = useApp((s) => s.attachPdf);
  const replacePdf = useApp((s) => s.replacePdf);
  const showNotice = useApp((s) => s.showNotice);
  const replaceInput = useRef<HTMLInputElement>(null);
  const colourOf = useReviewerColour();
  const run = useAction();
  const abstractRef = useRef<HTMLElement | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [textSelection, setTextSelection] = useState<{ start: number; end: number } | null>(null);
  const [pdfSelection, setPdfSelection] = useState<PdfSelection | null>(null);
  const [activeTab, setActiveTab] = useState<string>('abstract');
  const [locked, setLocked] = useState<{ file: File; error: string | null } | null>(null);

  const attachPdfRequests = useApp((s) => s.attachPdfRequests);
  useEffect(() => {
    if (attachPdfRequests > 0) fileInput.current?.click();
  }, [attachPdfRequests]);

  const tabs = study ? tabsOf(study) : [];
  const tab = tabs.find((t) => t.key === activeTab) ?? tabs[0];

  // A highlight chosen in the list opens its document's tab.
  useEffect(() => {
    const h = highlights.find((x) => x.id === focusedHighlightId);
    if (h && study) setActiveTab(h.page === null ? abstractKey(study, h.documentSha256) : h.documentSha256);
  }, [focusedHighlightId, highlights, study]);

  useEffect(() => {
    const onChange = () => setTextSelection(selectionWithin(abstractRef.current));
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, []);

  const canHighlight = tab?.kind === 'pdf' ? pdfSelection !== null : textSelection !== null;

  const highlightSelection = useCallback(async () => {
    if (!tab) return;
    if (tab.kind === 'abstract') {
      const current = selectionWithin(abstractRef.current);
      if (!current) return;
      await run(() => createHighlight({ documentSha256: tab.sha256, page: null, ...current }));
    } else {
      if (!pdfSelection) return;
      const { page, start, end } = pdfSelection;
      await run(() => createHighlight({ documentSha256: tab.sha256, page, start, end }));
    }
    window.getSelection()?.removeAllRanges();
  }, [tab, pdfSelection, createHighlight, run]);

  // The abstract's recognised statistics, for ] and [; the last one reached is where the next step starts.
  const abstractText = (tab?.kind === 'abstract' ? tab.text : undefined) ?? '';
  const stops = useMemo(() => statisticStops(abstractText), [abstractText]);
  const lastStop = useRef<Stop | null>(null);
  useEffect(() => {
    lastStop.current = null;
  }, [abstractText]);
  const [announcement, setAnnouncement] = useState('');
  const stepStatistic = useCallback(
    (direction: 1 | -1) => {
      const root = abstractRef.current;
      if (!root) return false;
      const index = stepStop(stops, selectionWithin(root) ?? lastStop.current, direction);
      if (index === -1) {
        setAnnouncement(direction === 1 ? 'No more statistics after this one.' : 'No statistics before this one.');
        return;
      }
      const stop = stops[index]!;
      lastStop.current = stop;
      const range = selectInText(root, stop.start, stop.end);
      range?.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      setAnnouncement(`Statistic ${index + 1} of ${stops.length}: ${abstractText.slice(stop.start, stop.end)}`);
    },
    [stops, abstractText],
  );

  const clearSelection = useCallback(() => {
    if (!textSelection && !pdfSelection) return false;
    window.getSelection()?.removeAllRanges();
    setTextSelection(null);
    setPdfSelection(null);
  }, [textSelection, pdfSelection]);

  useKeys('reader', [
    {
      key: 'h',
      description: 'Highlight the selected text',
      group: 'Reader',
      run: () => {
        if (!canHighlight) return false;
        void highlightSelection();
      },
    },
    {
      key: 'Escape',
      description: 'Close the mapping panel (clear the selection)',
      group: 'Reader',
      run: clearSelection,
    },
  ]);
  const onAbstract = tab?.kind === 'abstract';
  useKeys(
    'reader',
    [
      { key: ']', description: 'Select the next recognised statistic', group: 'Reader', run: () => stepStatistic(1) },
      {
        key: '[',
        description: 'Select the previous recognised statistic',
        group: 'Reader',
        run: () => stepStatistic(-1),
      },
      {
        key: 'Alt+ArrowDown',
        description: 'Select the next recognised statistic',
        group: 'Reader',
        run: () => stepStatistic(1),
      },
      {
        key: 'Alt+ArrowUp',
        description: 'Select the previous recognised statistic',
        group: 'Reader',
        run: () => stepStatistic(-1),
      },
    ],
    onAbstract,
  );

  const attach = useCallback(
    async (file: File, password?: string) => {
      try {
        const sha256 = await attachPdf(file, password);
        setLocked(null);
        setActiveTab(sha256);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'encrypted')
          setLocked({ file, error: password ? error.message : null });
        else await run(() => Promise.reject(error));
      }
    },
    [attachPdf, run],
  );

  const readerSelection: ReaderSelection | null =
    !tab || !study
      ? null
      : tab.kind === 'pdf'
        ? pdfSelection && { documentSha256: tab.sha256, ...pdfSelection }
        : textSelection && tab.text !== undefined
          ? {
              documentSha256: tab.sha256,
              page: null,
              ...textSelection,
              text: tab.text.slice(textSelection.start, textSelection.end),
              context: sentenceAround(tab.text, textSelection.start, textSelection.end),
            }
          : null;

  // Arrow keys, Home and End move between the document tabs and open the one reached.
  const onTabKey = (e: ReactKeyboardEvent<HTMLElement>) => {
    const index = tabs.findIndex((t) => t.key === tab?.key);
    const next =
      e.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : e.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? tabs.length - 1
              : -1;
    if (next === -1 || tabs.length === 0) return;
    e.preventDefault();
    setActiveTab(tabs[next]!.key);
    e.currentTarget.querySelector<HTMLElement>(`#document-tab-${next}`)?.focus();
  };

  if (!study) {
    return (
      <section className="reader empty" aria-label="Reader">
        <p className="muted">Select a study to read it.</p>
      </section>
    );
  }
  const primary = study.reports.find((r) => r.isPrimary) ?? study.reports[0];
  return (
    <section
      className="reader"
      aria-label="Reader"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        const files = [...e.dataTransfer.files].filter(
          (f) => f.name.toLowerCase().endsWith('.pdf') || f.type === 'application/pdf',
        );
        if (files.length === 0) return;
        e.preventDefault();
        void (async () => {
          for (const file of files) await attach(file);
        })();
      }}
    >
      <header className="reader-head">
        <h2>{study.title}</h2>
        <p className="citation">
          {primary && primary.authors.length > 0 ? primary.authors.join(', ') : 'Authors not recorded'}
          {primary?.journal ? ` · ${primary.journal}` : ''}
          {study.year ? ` · ${study.year}` : ''}
        </p>
        <ReportList reports={study.reports} />
        <div className="reader-tools">
          <button type="button" onClick={() => fileInput.current?.click()}>
            Attach PDF…
          </button>
          {tab?.kind === 'pdf' && (
            <>
              <button type="button" onClick={() => replaceInput.current?.click()}>
                Replace PDF…
              </button>
              <input
                ref={replaceInput}
                type="file"
                accept="application/pdf,.pdf"
                hidden
                aria-label="New version of the PDF"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (!file) return;
                  const old = tab.sha256;
                  void run(async () => {
                    const result = await replacePdf(old, file);
                    setActiveTab(result.sha256);
                    showNotice(
                      'info',
                      `Replaced the PDF with ${file.name}: ${result.moved} ${result.moved === 1 ? 'highlight' : 'highlights'} found again` +
                        (result.orphaned ? `, ${result.orphaned} not found (listed as orphaned).` : '.'),
                    );
                  });
                }}
              />
            </>
          )}
          <input
            ref={fileInput}
            type="file"
            accept="application/pdf,.pdf"
            hidden
            aria-label="PDF file to attach"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void attach(file);
            }}
          />
          <button
            type="button"
            disabled={!canHighlight}
            onClick={() => void highlightSelection()}
            title="Highlight the selected text (H)"
          >
            Highlight selection
          </button>
        </div>
        <div role="tablist" aria-label="Documents" className="tabs document-tabs" onKeyDown={onTabKey}>
          {tabs.map((t, i) => (
            <button
              key={t.key}
              id={`document-tab-${i}`}
              type="button"
              role="tab"
              aria-selected={t.key === tab?.key}
              aria-controls="document-panel"
              tabIndex={t.key === tab?.key ? 0 : -1}
              title={t.label}
              onClick={() => setActiveTab(t.key)}
            >
              {t.label}
            </button>
          ))}
        </div>
      </header>
      {readerSelection && readerSelection.text.trim() && (
        <MappingPanel
          selection={readerSelection}
          onDone={() => {
            setTextSelection(null);
            setPdfSelection(null);
          }}
        />
      )}
      {!tab && <p className="muted">This study has no abstract or PDF yet. Attach a PDF, or drop one here.</p>}
      {tab && (
        <div
          role="tabpanel"
          id="document-panel"
          className="document-panel"
          aria-labelledby={`document-tab-${tabs.indexOf(tab)}`}
        >
          {tab.kind === 'abstract' && tab.text !== undefined && (
            <TextDocument
              key={tab.key}
              text={tab.text}
              highlights={highlights.filter((h) => h.documentSha256 === tab.sha256 && h.page === null)}
              colourOf={colourOf}
              focusedHighlightId={focusedHighlightId}
              label="Abstract"
              rootRef={abstractRef}
            />
          )}
          {tab.kind === 'pdf' && (
            <PdfTab
              key={tab.sha256}
              sha256={tab.sha256}
              label={tab.label}
              onSelection={setPdfSelection}
              colourOf={colourOf}
            />
          )}
        </div>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {locked && (
        <PasswordDialog
          fileName={locked.file.name}
          error={locked.error}
          onClose={() => setLocked(null)}
          onSubmit={(password) => void attach(locked.file, password)}
        />
      )}
    </section>
  );
}
