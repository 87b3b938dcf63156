// The reconcile view of the selected study: every cell both reviewers could fill, side by side, with
// its state, each side's value, how it was obtained and its source (a link opens the reader at the
// highlight), and the consensus. Keyboard, as fast as extraction: N / Shift+N next and previous
// difference, A take A's, B take B's, E enter another value (Enter saves), C convert another value
// (the conversion dialog), with an optional note; an entered value can be mapped from a highlight
// (made in the reader with H) instead of typed. An entered value is checked against the rest of
// its cell in the consensus, as in extraction. Agreement figures for the study are shown above; the
// review's reconcile settings open from here. Layer: renderer.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ReconcileCell, ReconcileSide, StudyReconciliation } from '../../../shared/model/reconcile';
import type { CellValue } from '../../../shared/model/extraction';
import { useApp } from '../../store';
import { errorText } from '../../ui/useAction';
import { conversionsFor } from '../extraction/conversions';
import { ReconcileSettingsDialog } from './ReconcileSettingsDialog';

const STATE_LABELS: Record<ReconcileCell['state'], string> = {
  agree: 'Agree',
  differ: 'Differ',
  only_one: 'Only one filled',
  both_not_reported: 'Both not reported',
};

export function formatValue(state: 'value' | 'not_reported', value: CellValue): string {
  if (state === 'not_reported') return 'Not reported';
  if (Array.isArray(value)) return value.join('; ');
  return value === null ? '' : String(value);
}

/** Whether the cell still needs a decision. */
export function needsDecision(cell: ReconcileCell, autoAgree: boolean): boolean {
  if (cell.reopened) return true;
  if (cell.consensus) return false;
  return !(autoAgree && (cell.state === 'agree' || cell.state === 'both_not_reported'));
}

const percent = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)}%`);

function Side(props: { side: ReconcileSide | null; name: string; onSource: (id: string) => void }) {
  const { side, name } = props;
  if (!side) return <td className="reconcile-side empty">(empty)</td>;
  const how =
    side.origin === 'mapped'
      ? 'mapped'
      : side.origin === 'converted'
        ? `converted (${side.conversion?.method})`
        : 'typed';
  return (
    <td className="reconcile-side">
      <strong>{formatValue(side.state, side.value)}</strong>
      <span className="hint"> {side.state === 'value' ? how : ''}</span>
      {side.source && (
        <div className="reconcile-source">
          <q>
            {side.source.prefix.slice(-30)}
            <mark>{side.source.exact}</mark>
            {side.source.suffix.slice(0, 30)}
          </q>{' '}
          {side.source.deleted ? (
            <span className="hint">(highlight deleted)</span>
          ) : (
            <button
              type="button"
              className="link small"
              aria-label={`Show ${name}’s source in the reader`}
              onClick={() => props.onSource(side.source!.highlightId)}
            >
              Show in reader
            </button>
          )}
        </div>
      )}
    </td>
  );
}

export function ReconcileView() {
  const api = useApp((s) => s.api);
  const studyId = useApp((s) => s.selectedStudyId);
  const focusHighlight = useApp((s) => s.focusHighlight);
  const loadHighlights = useApp((s) => s.loadHighlights);
  const [data, setData] = useState<StudyReconciliation | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [current, setCurrent] = useState(0);
  const [entering, setEntering] = useState<string | null>(null);
  /** The highlight an entered value is mapped from ('' when typed). */
  const [source, setSource] = useState('');
  const highlights = useApp((s) => s.highlights);
  const [note, setNote] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  /** Decisions made here whose change event is still to come (their answer is already shown). */
  const ownDecisions = useRef(0);
  const openConvert = useApp((s) => s.openConvert);
  const form = useApp((s) => s.form);

  const load = useCallback(async () => {
    if (!studyId) return;
    try {
      const r = await api.call('reconcile:get', { studyId });
      setData(r);
      setProblem(null);
      // The other reviewer's highlights are visible now: let the reader show them.
      await loadHighlights(studyId);
    } catch (error) {
      setData(null);
      setProblem(errorText(error));
    }
  }, [api, studyId, loadHighlights]);

  useEffect(() => {
    setCurrent(0);
    void load();
  }, [load]);
  // A decision made elsewhere (the conversion dialog, another window) changes the consensus: show it.
  useEffect(
    () =>
      api.on('values:changed', (e) => {
        if (e.layer !== 'consensus' || e.studyId !== studyId) return;
        if (ownDecisions.current > 0) ownDecisions.current--;
        else void load();
      }),
    [api, studyId, load],
  );

  const cells = useMemo(() => data?.cells ?? [], [data]);
  const open = useMemo(
    () => cells.map((c, i) => (data && needsDecision(c, data.settings.autoAgree) ? i : -1)).filter((i) => i >= 0),
    [cells, data],
  );

  const moveToDifference = useCallback(
    (direction: 1 | -1) => {
      if (open.length === 0) return;
      const next =
        direction === 1
          ? (open.find((i) => i > current) ?? open[0]!)
          : ([...open].reverse().find((i) => i < current) ?? open.at(-1)!);
      setCurrent(next);
      rootRef.current?.querySelector(`[data-cell-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
    },
    [open, current],
  );

  // Start at the first open difference.
  useEffect(() => {
    if (open.length > 0 && !open.includes(current)) setCurrent(open[0]!);
  }, [open, current]);

  const decide = async (
    cell: ReconcileCell,
    request:
      | { take: 'a' | 'b' }
      | {
          take: 'entered';
          entered:
            | { state: 'value'; value: string; origin: 'typed' }
            | {
                state: 'value';
                value: string;
                origin: 'mapped';
                provenance: { highlightId: string; rawText: string; reading: null };
              };
        },
  ) => {
    ownDecisions.current++;
    try {
      const r = await api.call('reconcile:decide', {
        studyId: data!.studyId,
        key: cell.key,
        ...request,
        ...(note.trim() ? { note } : {}),
      });
      setData(r);
      setNote('');
      setEntering(null);
      setProblem(null);
      const after = r.cells.map((c, i) => (needsDecision(c, r.settings.autoAgree) ? i : -1)).filter((i) => i >= 0);
      const next = after.find((i) => i > current) ?? after[0];
      if (next !== undefined) setCurrent(next);
      rootRef.current?.focus();
    } catch (error) {
      ownDecisions.current--;
      setProblem(errorText(error));
    }
  };

  /** Opens the conversion dialog for the cell: its result decides the consensus of the cell's components. */
  const convert = (cell: ReconcileCell) => {
    const target = cell.target;
    if (target.kind !== 'outcome' || !data) return;
    const sameCell = cells.filter(
      (c) =>
        c.target.kind === 'outcome' &&
        c.target.outcomeId === target.outcomeId &&
        c.target.timepointId === target.timepointId &&
        c.target.armId === target.armId,
    );
    const values: Record<string, number> = {};
    for (const c of sameCell) {
      const v = c.consensus?.state === 'value' ? c.consensus.value : c.state === 'agree' ? c.a?.value : undefined;
      if (typeof v === 'number') values[(c.target as { component: string }).component] = v;
    }
    setEntering(null);
    openConvert({
      outcomeId: target.outcomeId,
      timepointId: target.timepointId,
      armId: target.armId,
      component: target.component,
      label: cell.label,
      consensus: {
        studyId: data.studyId,
        keys: Object.fromEntries(sameCell.map((c) => [(c.target as { component: string }).component, c.key])),
        values,
        note,
      },
    });
  };
  const convertible = (cell: ReconcileCell | undefined): cell is ReconcileCell => {
    if (!cell || cell.target.kind !== 'outcome' || !form) return false;
    const t = cell.target;
    const outcome = form.outcomes.find((o) => o.id === t.outcomeId);
    return outcome !== undefined && conversionsFor(outcome, t.component).length > 0;
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('input, textarea')) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const cell = cells[current];
    const key = e.key.toLowerCase();
    if (key === 'n' || key === 'j') {
      e.preventDefault();
      moveToDifference(e.shiftKey ? -1 : 1);
    } else if (key === 'p' || key === 'k') {
      e.preventDefault();
      moveToDifference(-1);
    } else if (cell && (key === 'a' || key === 'b')) {
      e.preventDefault();
      void decide(cell, { take: key });
    } else if (cell && key === 'e') {
      e.preventDefault();
      setEntering(cell.consensus ? formatValue(cell.consensus.state, cell.consensus.value) : '');
      setSource('');
    } else if (key === 'c' && convertible(cell)) {
      e.preventDefault();
      convert(cell);
    }
  };

  const settingsButton = (
    <div className="reconcile-bar">
      {settingsOpen && <ReconcileSettingsDialog onClose={() => setSettingsOpen(false)} onSaved={() => void load()} />}
      <button type="button" onClick={() => setSettingsOpen(true)}>
        Reconcile settings…
      </button>
    </div>
  );

  if (!studyId)
    return (
      <div className="reconcile">
        {settingsButton}
        <p className="hint">Select a study.</p>
      </div>
    );
  if (problem && !data)
    return (
      <div className="reconcile">
        {settingsButton}
        <p role="status">{problem}</p>
      </div>
    );
  if (!data) return <p className="hint">Loading…</p>;
  const [a, b] = data.reviewers;
  const overall = data.agreement.overall;
  const remaining = open.length;
  return (
    <div
      className="reconcile"
      ref={rootRef}
      tabIndex={0}
      onKeyDown={onKeyDown}
      aria-label="Reconcile"
      aria-describedby="reconcile-keys"
    >
      {settingsButton}
      <p className="reconcile-summary" aria-live="polite">
        {remaining === 0 ? 'Consensus complete.' : `${remaining} to decide.`} Agreement {percent(overall.percent)} of{' '}
        {overall.cells} cells ({percent(overall.percentWithinTolerance)} within tolerance); {overall.differ} differ,{' '}
        {overall.onlyOne} only one filled.
      </p>
      <p id="reconcile-keys" className="hint">
        N / Shift+N next / previous difference · A take {a.name}’s · B take {b.name}’s · E enter another value · C
        convert another value
      </p>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      <label className="reconcile-note">
        Note for the next decision
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <table className="reconcile-table">
        <thead>
          <tr>
            <th>Cell</th>
            <th>State</th>
            <th>{a.name}</th>
            <th>{b.name}</th>
            <th>Consensus</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((cell, i) => (
            <tr
              key={cell.key}
              data-cell-index={i}
              aria-current={i === current ? 'true' : undefined}
              className={`reconcile-row state-${cell.state}${cell.reopened ? ' reopened' : ''}${i === current ? ' current' : ''}`}
              onClick={() => setCurrent(i)}
            >
              <th scope="row">{cell.label}</th>
              <td>
                {STATE_LABELS[cell.state]}
                {cell.toleranceOnly ? ' (within tolerance)' : ''}
                {cell.reopened && <strong className="reopened-mark"> Reopened</strong>}
              </td>
              <Side side={cell.a} name={a.name} onSource={focusHighlight} />
              <Side side={cell.b} name={b.name} onSource={focusHighlight} />
              <td className="reconcile-consensus">
                {entering !== null && i === current ? (
                  <form
                    className="reconcile-enter"
                    onSubmit={(e) => {
                      e.preventDefault();
                      const h = highlights.find((x) => x.id === source);
                      void decide(cell, {
                        take: 'entered',
                        entered: h
                          ? {
                              state: 'value',
                              value: entering,
                              origin: 'mapped',
                              provenance: { highlightId: h.id, rawText: h.exact, reading: null },
                            }
                          : { state: 'value', value: entering, origin: 'typed' },
                      });
                    }}
                  >
                    <input
                      autoFocus
                      aria-label={`Consensus value for ${cell.label}`}
                      value={entering}
                      onChange={(e) => setEntering(e.target.value)}
                      onKeyDown={(e) => {
                        if (e.key === 'Escape') {
                          setEntering(null);
                          rootRef.current?.focus();
                        }
                      }}
                    />
                    <select
                      aria-label={`Source of the consensus value for ${cell.label}`}
                      value={source}
                      onChange={(e) => setSource(e.target.value)}
                    >
                      <option value="">Typed</option>
                      {highlights.map((h) => (
                        <option key={h.id} value={h.id}>
                          From “{h.exact.length > 40 ? `${h.exact.slice(0, 40)}…` : h.exact}”
                        </option>
                      ))}
                    </select>
                    {convertible(cell) && (
                      <button type="button" onClick={() => convert(cell)}>
                        Convert…
                      </button>
                    )}
                  </form>
                ) : cell.consensus ? (
                  <span>
                    {formatValue(cell.consensus.state, cell.consensus.value)}{' '}
                    <span className="hint">
                      {cell.consensus.decision === 'adopted'
                        ? `(${cell.consensus.adoptedReviewerId === a.id ? a.name : b.name}’s)`
                        : cell.consensus.decision === 'entered' && cell.consensus.origin !== 'typed'
                          ? `(entered, ${cell.consensus.origin})`
                          : `(${cell.consensus.decision})`}
                      {cell.consensus.note ? ` — ${cell.consensus.note}` : ''}
                    </span>
                  </span>
                ) : (
                  <span className="hint">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.agreement.fields.length > 0 && (
        <table className="reconcile-agreement" aria-label="Agreement by field">
          <thead>
            <tr>
              <th>Field or outcome</th>
              <th>Cells</th>
              <th>Agreement</th>
              <th>Kappa (95% CI)</th>
            </tr>
          </thead>
          <tbody>
            {data.agreement.fields.map((f) => (
              <tr key={f.id}>
                <th scope="row">{f.field}</th>
                <td>{f.cells}</td>
                <td>{percent(f.percent)}</td>
                <td>
                  {f.kappa === null
                    ? '—'
                    : `${f.kappa.toFixed(2)} (${f.kappaLower!.toFixed(2)} to ${f.kappaUpper!.toFixed(2)})`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
