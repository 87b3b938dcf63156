// The extraction form beside the reader: the current reviewer's status, undo and redo, the study's
// arms, its study-level fields by section and its outcome tables (arms × timepoints × components).
// Every change is saved at once. Layer: renderer.
import { useMemo } from 'react';
import {
  COMPONENTS,
  isPerArm,
  targetKey,
  type CellValue,
  type ExtractedValue,
  type ValueTarget,
} from '../../../shared/model/extraction';
import { EXTRACTION_STATUSES, type ExtractionStatus } from '../../../shared/model/types';
import { useApp } from '../../store';
import { useKeys } from '../../ui/keys';
import { useAction } from '../../ui/useAction';
import { STATUS_LABELS } from '../library/LibraryPane';
import { conversionsFor } from './conversions';
import { FirstReviewerOffer } from '../reviewers/FirstReviewerOffer';
import { ArmsEditor } from './ArmsEditor';
import { FieldInput } from './FieldInput';

const COMPONENT_LABELS: Record<string, string> = {
  events: 'Events',
  total: 'Total',
  mean: 'Mean',
  sd: 'SD',
  n: 'n',
  mean_change: 'Mean change',
  sd_change: 'SD change',
  estimate: 'Estimate',
  lower: 'CI lower',
  upper: 'CI upper',
  se: 'SE',
};

export function ExtractionForm() {
  const form = useApp((s) => s.form);
  const extraction = useApp((s) => s.extraction);
  const problem = useApp((s) => s.extractionProblem);
  const fieldErrors = useApp((s) => s.fieldErrors);
  const clearFieldError = useApp((s) => s.clearFieldError);
  const writeValues = useApp((s) => s.writeValues);
  const undo = useApp((s) => s.undo);
  const redo = useApp((s) => s.redo);
  const setStatus = useApp((s) => s.setStatus);
  const focusHighlight = useApp((s) => s.focusHighlight);
  const openDialog = useApp((s) => s.openDialog);
  const openConvert = useApp((s) => s.openConvert);
  const run = useAction();

  const values = useMemo(
    () => new Map((extraction?.values ?? []).filter((v) => !v.archived).map((v) => [targetKey(v.target), v] as const)),
    [extraction],
  );

  // Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo and redo the study's extraction, outside text fields.
  const undoKey = () => {
    if (!extraction?.canUndo) return false;
    void run(undo);
  };
  const redoKey = () => {
    if (!extraction?.canRedo) return false;
    void run(redo);
  };
  useKeys('extraction', [
    { key: 'Mod+z', description: 'Undo in this study’s extraction', group: 'Form', run: undoKey },
    { key: 'Mod+Shift+z', description: 'Redo in this study’s extraction', group: 'Form', run: redoKey },
    { key: 'Mod+y', description: 'Redo in this study’s extraction', group: 'Form', run: redoKey },
  ]);

  if (problem) return <FirstReviewerOffer problem={problem} />;
  if (!form || !extraction) return <p className="muted">Select a study to extract its data.</p>;

  const commit = (target: ValueTarget, value: CellValue, written?: string) =>
    void run(() =>
      writeValues([
        {
          target,
          state: value === null ? 'empty' : 'value',
          value,
          origin: 'typed',
          written,
        },
      ]),
    );
  const markNotReported = (target: ValueTarget, current: ExtractedValue | undefined) =>
    void run(() =>
      writeValues([
        { target, state: current?.state === 'not_reported' ? 'empty' : 'not_reported', value: null, origin: 'typed' },
      ]),
    );
  const input = (
    target: ValueTarget,
    label: string,
    kind: Parameters<typeof FieldInput>[0]['kind'],
    options?: string[],
    compact = false,
  ) => {
    const key = targetKey(target);
    const outcome = target.kind === 'outcome' ? form.outcomes.find((o) => o.id === target.outcomeId) : undefined;
    const convertible =
      target.kind === 'outcome' && outcome !== undefined && conversionsFor(outcome, target.component).length > 0;
    return (
      <FieldInput
        label={label}
        kind={kind}
        options={options}
        value={values.get(key)}
        error={fieldErrors[key]}
        onCommit={(v, written) => commit(target, v, written)}
        onNotReported={() => markNotReported(target, values.get(key))}
        onGoToSource={focusHighlight}
        onConvert={
          convertible && target.kind === 'outcome'
            ? () =>
                openConvert({
                  outcomeId: target.outcomeId,
                  timepointId: target.timepointId,
                  armId: target.armId,
                  component: target.component,
                  label,
                })
            : undefined
        }
        compact={compact}
        onDismissError={() => clearFieldError(key)}
      />
    );
  };

  return (
    <div className="extraction-form">
      <div className="extraction-tools">
        <label>
          Status
          <select
            aria-label="Extraction status"
            value={extraction.status}
            onChange={(e) => void run(() => setStatus(e.target.value as ExtractionStatus))}
          >
            {EXTRACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!extraction.canUndo} onClick={() => void run(undo)} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button type="button" disabled={!extraction.canRedo} onClick={() => void run(redo)} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <button type="button" className="link" onClick={() => openDialog('formBuilder')}>
          Edit form…
        </button>
      </div>

      <ArmsEditor extraction={extraction} />

      {form.sections.map((section) => {
        const fields = form.fields.filter((f) => f.sectionId === section.id && !f.archived);
        if (fields.length === 0) return null;
        return (
          <fieldset key={section.id} className="form-section">
            <legend>{section.title}</legend>
            {fields.map((field) => (
              <div key={field.id} className="form-field">
                <span className="field-label">{field.label}</span>
                {input({ kind: 'field', fieldId: field.id }, field.label, field.type, field.options)}
              </div>
            ))}
          </fieldset>
        );
      })}

      {form.outcomes
        .filter((o) => !o.archived)
        .map((outcome) => {
          const components = COMPONENTS[outcome.dataType];
          const rows = outcome.timepoints.flatMap((tp) =>
            (isPerArm(outcome.dataType) ? extraction.arms : [null]).map((arm) => ({ tp, arm })),
          );
          return (
            <fieldset key={outcome.id} className="outcome">
              <legend>
                {outcome.name}
                {outcome.unit ? ` (${outcome.unit})` : ''}
                {outcome.measure ? ` · ${outcome.measure}` : ''}
              </legend>
              {rows.length === 0 ? (
                <p className="muted">Add an arm to fill this outcome.</p>
              ) : (
                <table className="outcome-table" aria-label={outcome.name}>
                  <thead>
                    <tr>
                      <th>Timepoint</th>
                      {isPerArm(outcome.dataType) && <th>Arm</th>}
                      {components.map((c) => (
                        <th key={c}>{COMPONENT_LABELS[c] ?? c}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map(({ tp, arm }) => (
                      <tr key={`${tp.id}:${arm?.id ?? '-'}`}>
                        <td>{tp.label}</td>
                        {arm && <td>{arm.label}</td>}
                        {components.map((component) => (
                          <td key={component}>
                            {input(
                              {
                                kind: 'outcome',
                                outcomeId: outcome.id,
                                timepointId: tp.id,
                                armId: arm?.id ?? null,
                                component,
                              },
                              `${outcome.name}, ${tp.label}${arm ? `, ${arm.label}` : ''}, ${COMPONENT_LABELS[component] ?? component}`,
                              'cell',
                              undefined,
                              true,
                            )}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </fieldset>
          );
        })}
    </div>
  );
}
