// Analyses beside the reader: the review's analyses, a new one with the defaults of its outcome, its
// settings, the forest plot (the shared SVG) or funnel plot, and exports (SVG, PNG at journal widths,
// R script). Clicking a study's row in the forest plot lists the values behind it; each value opens the
// reader at its highlighted text. Re-runs when a value or an analysis changes. Layer: renderer.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { measuresFor, methodsFor, type Analysis, type AnalysisSettings } from '../../../shared/analysis/model';
import type { AnalysisRun, RowResult } from '../../../shared/analysis/run';
import type { AnalysisExport, AnalysisListEntry } from '../../../shared/contract/analysis';
import { forestPlot } from '../../../shared/plots/forest';
import { funnelPlot } from '../../../shared/plots/funnel';
import { TAU2_METHODS } from '../../../shared/stats/tau2';
import { useApp } from '../../store';
import { errorText } from '../../ui/useAction';

function download(file: AnalysisExport): void {
  const blob = file.base64
    ? new Blob([Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0))], { type: file.mediaType })
    : new Blob([file.text ?? ''], { type: file.mediaType });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function NewAnalysis(props: { onCreated: (a: Analysis) => void }) {
  const api = useApp((s) => s.api);
  const form = useApp((s) => s.form);
  const showNotice = useApp((s) => s.showNotice);
  const outcomes = (form?.outcomes ?? []).filter((o) => !o.archived);
  const [outcomeId, setOutcomeId] = useState('');
  const outcome = outcomes.find((o) => o.id === outcomeId) ?? outcomes[0];
  const [timepointId, setTimepointId] = useState('');
  const timepoint =
    outcome?.timepoints.find((t) => t.id === timepointId) ?? outcome?.timepoints[outcome.timepoints.length - 1];
  if (!outcome) return <p className="muted">The form has no outcomes to analyse.</p>;
  return (
    <form
      className="analysis-new"
      aria-label="New analysis"
      onSubmit={(e) => {
        e.preventDefault();
        api
          .call('analysis:create', { outcomeId: outcome.id, ...(timepoint ? { timepointId: timepoint.id } : {}) })
          .then(props.onCreated, (error: unknown) => showNotice('error', errorText(error)));
      }}
    >
      <label>
        Outcome{' '}
        <select value={outcome.id} onChange={(e) => setOutcomeId(e.target.value)}>
          {outcomes.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Timepoint{' '}
        <select value={timepoint?.id ?? ''} onChange={(e) => setTimepointId(e.target.value)}>
          {outcome.timepoints.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="submit">Create analysis</button>
    </form>
  );
}

function Settings(props: { analysis: Analysis; onChange: (patch: Parameters<typeof patchOf>[0]) => void }) {
  const form = useApp((s) => s.form);
  const { analysis, onChange } = props;
  const s = analysis.settings;
  const outcome = form?.outcomes.find((o) => o.id === analysis.outcomeId);
  const measures = outcome ? measuresFor(outcome.dataType, analysis.comparison.kind) : [analysis.measure];
  const choiceFields = (form?.fields ?? []).filter(
    (f) => !f.archived && (f.type === 'single_choice' || f.type === 'yes_no_unclear'),
  );
  const set = (settings: Partial<AnalysisSettings>) => onChange({ settings });
  return (
    <fieldset className="analysis-settings">
      <legend>Settings</legend>
      <label>
        Measure{' '}
        <select
          value={analysis.measure}
          onChange={(e) => onChange({ measure: e.target.value as Analysis['measure'], method: 'IV' })}
        >
          {measures.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>{' '}
      <label>
        Method{' '}
        <select value={analysis.method} onChange={(e) => onChange({ method: e.target.value as Analysis['method'] })}>
          {methodsFor(analysis.measure).map((m) => (
            <option key={m} value={m}>
              {m === 'IV' ? 'Inverse variance' : m === 'MH' ? 'Mantel-Haenszel' : 'Peto'}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Model{' '}
        <select value={s.model} onChange={(e) => set({ model: e.target.value as AnalysisSettings['model'] })}>
          <option value="random">Random effects</option>
          <option value="common">Common effect</option>
        </select>
      </label>{' '}
      <label>
        τ²{' '}
        <select value={s.tau2} onChange={(e) => set({ tau2: e.target.value as AnalysisSettings['tau2'] })}>
          {TAU2_METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>{' '}
      <label>
        <input type="checkbox" checked={s.hartungKnapp} onChange={(e) => set({ hartungKnapp: e.target.checked })} />{' '}
        Hartung-Knapp
      </label>{' '}
      <label>
        <input
          type="checkbox"
          checked={s.predictionInterval}
          onChange={(e) => set({ predictionInterval: e.target.checked })}
        />{' '}
        Prediction interval
      </label>{' '}
      <label>
        Level{' '}
        <select value={s.level} onChange={(e) => set({ level: Number(e.target.value) })}>
          {[90, 95, 99].map((l) => (
            <option key={l} value={l}>
              {l}%
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Sort{' '}
        <select value={s.sort} onChange={(e) => set({ sort: e.target.value as AnalysisSettings['sort'] })}>
          <option value="study">Study</option>
          <option value="year">Year</option>
          <option value="weight">Weight</option>
          <option value="effect">Effect</option>
        </select>
      </label>{' '}
      <label>
        Subgroups{' '}
        <select value={s.subgroupFieldId ?? ''} onChange={(e) => set({ subgroupFieldId: e.target.value || null })}>
          <option value="">None</option>
          {choiceFields.map((f) => (
            <option key={f.id} value={f.id}>
              {f.label}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Convention{' '}
        <select
          value={s.convention}
          onChange={(e) => set({ convention: e.target.value as AnalysisSettings['convention'] })}
        >
          <option value="metafor">metafor</option>
          <option value="revman5">RevMan 5</option>
        </select>
      </label>{' '}
      <label>
        <input
          type="checkbox"
          checked={s.doubleZero.drop00}
          onChange={(e) => set({ doubleZero: { ...s.doubleZero, drop00: e.target.checked } })}
        />{' '}
        Leave out double-zero studies (Cochrane)
      </label>
      <div>
        <label>
          Favours (left){' '}
          <input
            defaultValue={s.favours.left}
            onBlur={(e) =>
              e.target.value !== s.favours.left && set({ favours: { ...s.favours, left: e.target.value } })
            }
          />
        </label>{' '}
        <label>
          Favours (right){' '}
          <input
            defaultValue={s.favours.right}
            onBlur={(e) =>
              e.target.value !== s.favours.right && set({ favours: { ...s.favours, right: e.target.value } })
            }
          />
        </label>{' '}
        <label>
          Axis from{' '}
          <input
            size={5}
            defaultValue={s.axis.lower ?? ''}
            placeholder="auto"
            onBlur={(e) =>
              set({ axis: { ...s.axis, lower: e.target.value.trim() === '' ? null : Number(e.target.value) } })
            }
          />
        </label>{' '}
        <label>
          to{' '}
          <input
            size={5}
            defaultValue={s.axis.upper ?? ''}
            placeholder="auto"
            onBlur={(e) =>
              set({ axis: { ...s.axis, upper: e.target.value.trim() === '' ? null : Number(e.target.value) } })
            }
          />
        </label>
      </div>
    </fieldset>
  );
}

const patchOf = (p: {
  measure?: Analysis['measure'];
  method?: Analysis['method'];
  settings?: Partial<AnalysisSettings>;
}) => p;

function RowValues(props: { row: RowResult; onClose: () => void }) {
  const selectStudy = useApp((s) => s.selectStudy);
  const focusHighlight = useApp((s) => s.focusHighlight);
  const { row } = props;
  return (
    <section className="analysis-row" aria-label={`Values of ${row.label}`}>
      <h4>
        {row.label}{' '}
        <button type="button" className="link" onClick={props.onClose} aria-label="Close values">
          ×
        </button>
      </h4>
      {row.excluded && <p className="muted">Not in the analysis: {row.excluded}</p>}
      {row.converted.length > 0 && <p className="muted">Converted: {row.converted.join('; ')}</p>}
      <ul>
        {row.sources.map((s) => (
          <li key={s.valueId}>
            {s.what}: <strong>{s.value}</strong> {s.origin !== 'mapped' && <span className="muted">({s.origin})</span>}{' '}
            {s.highlightId ? (
              <button
                type="button"
                className="link"
                onClick={async () => {
                  await selectStudy(row.studyId);
                  focusHighlight(s.highlightId);
                }}
                title={s.rawText ?? undefined}
              >
                Show “{s.rawText}” in the reader
              </button>
            ) : (
              <span className="muted">typed, no highlight</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

const fx = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const ci = (e: { estimate: number; ci_lb: number; ci_ub: number }) =>
  `${fx(e.estimate)} [${fx(e.ci_lb)}, ${fx(e.ci_ub)}]`;

/** Sensitivity (common vs random, without chosen studies), and on request leave-one-out, cumulative by year, Egger and trim-and-fill. */
function MoreAnalyses(props: { run: AnalysisRun; shown: boolean; onToggle: (on: boolean) => void }) {
  const { run } = props;
  const label = (id: string) => run.rows.find((r) => r.studyId === id)?.label ?? id;
  return (
    <section className="analysis-more" aria-label="Sensitivity analyses">
      <table>
        <caption>Sensitivity</caption>
        <thead>
          <tr>
            <th>Model</th>
            <th>k</th>
            <th>Effect [CI]</th>
            <th>I²</th>
          </tr>
        </thead>
        <tbody>
          {run.sensitivity.map((r) => (
            <tr key={r.label}>
              <td>{r.label}</td>
              <td>{r.k}</td>
              <td>{ci(r.effect)}</td>
              <td>{Math.round(r.I2)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        <input type="checkbox" checked={props.shown} onChange={(e) => props.onToggle(e.target.checked)} />{' '}
        Leave-one-out, cumulative by year, Egger and trim-and-fill
      </label>
      {props.shown && run.leave1out && (
        <table>
          <caption>Leave one out</caption>
          <tbody>
            {run.leave1out.map((r) => (
              <tr key={r.id}>
                <td>Without {label(r.id)}</td>
                <td>{ci(r.effect)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.shown && run.cumulative && (
        <table>
          <caption>Cumulative by year</caption>
          <tbody>
            {run.cumulative.map((r) => (
              <tr key={r.id}>
                <td>+ {label(r.id)}</td>
                <td>{ci(r.effect)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.shown && run.regtest && (
        <p>
          Egger’s test: {run.regtest.df === undefined ? 'z' : 't'} = {fx(run.regtest.stat)}, P ={' '}
          {run.regtest.pval.toFixed(3)}
          {run.trimfill &&
            `; trim-and-fill: ${run.trimfill.k0} studies filled on the ${run.trimfill.side}, adjusted ${ci(run.trimfill.effect)}`}
        </p>
      )}
    </section>
  );
}

export function AnalysisPanel() {
  const api = useApp((s) => s.api);
  const showNotice = useApp((s) => s.showNotice);
  const [list, setList] = useState<AnalysisListEntry[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [run, setRun] = useState<AnalysisRun | null>(null);
  const [plot, setPlot] = useState<'forest' | 'funnel'>('forest');
  const [rowId, setRowId] = useState<string | null>(null);
  const [refits, setRefits] = useState(false);
  const selected = list.find((a) => a.id === selectedId) ?? null;

  const refreshList = useCallback(async () => {
    const analyses = await api.call('analysis:list', {});
    setList(analyses);
    setSelectedId((id) => (id && analyses.some((a) => a.id === id) ? id : (analyses[0]?.id ?? null)));
  }, [api]);

  // The analysis shown now: a run answered after another analysis was chosen is not shown.
  const shownId = useRef(selectedId);
  useEffect(() => {
    shownId.current = selectedId;
  }, [selectedId]);
  const rerun = useCallback(async () => {
    if (!selectedId) return setRun(null);
    try {
      const next = await api.call('analysis:run', { id: selectedId, refits });
      if (next.analysisId === shownId.current) setRun(next);
    } catch (error) {
      showNotice('error', errorText(error));
    }
  }, [api, selectedId, showNotice, refits]);

  useEffect(
    () => void refreshList().catch((e: unknown) => showNotice('error', errorText(e))),
    [refreshList, showNotice],
  );
  useEffect(() => void rerun(), [rerun]);
  // Values changed (any layer) or analyses changed elsewhere: pool again.
  useEffect(() => {
    const offs = [
      api.on('values:changed', () => void rerun()),
      api.on('analyses:changed', () => void refreshList().then(rerun)),
    ];
    return () => offs.forEach((off) => off());
  }, [api, rerun, refreshList]);

  const svg = useMemo(() => {
    if (!run || !selected) return '';
    return plot === 'forest' ? forestPlot(run, selected.settings) : funnelPlot(run, selected.settings);
  }, [run, selected, plot]);

  const update = async (patch: ReturnType<typeof patchOf>) => {
    if (!selected) return;
    try {
      await api.call('analysis:update', { id: selected.id, patch });
      await refreshList();
      await rerun();
    } catch (error) {
      showNotice('error', errorText(error));
    }
  };

  const exportAs = async (format: 'svg' | 'png' | 'r', widthMm: 85 | 174 = 174) => {
    if (!selected) return;
    try {
      download(await api.call('analysis:export', { id: selected.id, format, plot, widthMm }));
    } catch (error) {
      showNotice('error', errorText(error));
    }
  };

  const row = run?.rows.find((r) => r.studyId === rowId) ?? null;

  return (
    <div className="analysis-panel">
      <div className="analysis-bar">
        <label>
          Analysis{' '}
          <select
            aria-label="Analysis"
            value={selectedId ?? ''}
            onChange={(e) => {
              setSelectedId(e.target.value);
              setRowId(null);
            }}
          >
            {list.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
          New analysis…
        </button>
      </div>
      {creating && (
        <NewAnalysis
          onCreated={(a) => {
            setCreating(false);
            void refreshList().then(() => setSelectedId(a.id));
          }}
        />
      )}
      {selected && (
        <>
          <Settings key={selected.id + selected.updatedAt} analysis={selected} onChange={(p) => void update(p)} />
          <div role="tablist" aria-label="Plot" className="tabs">
            <button type="button" role="tab" aria-selected={plot === 'forest'} onClick={() => setPlot('forest')}>
              Forest plot
            </button>
            <button type="button" role="tab" aria-selected={plot === 'funnel'} onClick={() => setPlot('funnel')}>
              Funnel plot
            </button>
          </div>
          {run && plot === 'funnel' && (
            <label className="funnel-contours">
              <input
                type="checkbox"
                checked={selected.settings.funnelContours}
                disabled={run.nullValue === null}
                onChange={(e) => void update({ settings: { funnelContours: e.target.checked } })}
              />{' '}
              Significance contours (P 0.10, 0.05, 0.01)
              {run.nullValue === null && <span className="muted"> — one group has no line of no effect</span>}
            </label>
          )}
          {run && (
            <>
              <p className="analysis-summary" aria-label="Result">
                {run.summary && run.result
                  ? `${run.method}: ${run.summary.estimate.toFixed(2)} [${run.summary.ci_lb.toFixed(2)}, ${run.summary.ci_ub.toFixed(2)}], k = ${run.result.k}`
                  : `Not estimable: ${run.error ?? ''}`}
              </p>
              <div
                className="analysis-plot"
                role="figure"
                // The plot scrolls when wider than the panel: reachable with Tab to scroll it from the keyboard.
                tabIndex={0}
                aria-label={plot === 'forest' ? 'Forest plot' : 'Funnel plot'}
                onClick={(e) => {
                  const g = (e.target as Element).closest('[data-study]');
                  if (g) setRowId(g.getAttribute('data-study'));
                }}
                // The SVG is Caliper's own output from shared/plots, with every text escaped.
                dangerouslySetInnerHTML={{ __html: svg }}
              />
              {row && <RowValues row={row} onClose={() => setRowId(null)} />}
              <MoreAnalyses run={run} shown={refits} onToggle={setRefits} />
              {run.notes.length > 0 && (
                <ul className="muted analysis-notes">
                  {run.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
              {run.rows.some((r) => r.excluded && r.valueIds.length === 0) && (
                <p className="muted">
                  No data:{' '}
                  {run.rows
                    .filter((r) => r.excluded && r.valueIds.length === 0)
                    .map((r) => r.label)
                    .join('; ')}
                </p>
              )}
            </>
          )}
          <div className="analysis-exports" role="group" aria-label="Export">
            <button type="button" onClick={() => void exportAs('svg')}>
              Export SVG
            </button>{' '}
            <button type="button" onClick={() => void exportAs('png', 85)}>
              PNG 85 mm
            </button>{' '}
            <button type="button" onClick={() => void exportAs('png', 174)}>
              PNG 174 mm
            </button>{' '}
            <button type="button" onClick={() => void exportAs('r')}>
              Export R script
            </button>{' '}
            <button
              type="button"
              className="link"
              onClick={async () => {
                if (!window.confirm(`Delete the analysis "${selected.name}"? The values stay.`)) return;
                try {
                  await api.call('analysis:delete', { id: selected.id });
                  await refreshList();
                } catch (error) {
                  showNotice('error', errorText(error));
                }
              }}
            >
              Delete analysis
            </button>
          </div>
        </>
      )}
      {!selected && !creating && <p className="muted">No analyses yet: choose New analysis….</p>}
    </div>
  );
}
