// The form builder: sections and study-level fields, outcomes with their data type, unit and
// timepoints; add, rename, reorder and remove. Editing a form in use never loses data: removing
// archives (values are kept and exported, and the item can be restored), and a type change that would
// lose data is refused with the reason. Every edit is a new form version. Layer: renderer.
import { useEffect, useState } from 'react';
import type { FormEdit } from '../../../shared/contract/extraction';
import {
  FIELD_TYPES,
  OUTCOME_DATA_TYPES,
  type FieldType,
  type OutcomeDataType,
} from '../../../shared/model/extraction';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';

const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  long_text: 'Long text',
  number: 'Number',
  integer: 'Whole number',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  yes_no_unclear: 'Yes / no / unclear',
  date: 'Date',
};

const DATA_TYPE_LABELS: Record<OutcomeDataType, string> = {
  dichotomous: 'Dichotomous (events, total per arm)',
  continuous: 'Continuous (mean, SD, n per arm)',
  change: 'Change from baseline (per arm)',
  proportion: 'One-group proportion (events, total)',
  mean: 'One-group mean (mean, SD, n)',
  effect_estimate: 'Effect estimate with CI or SE',
};

export function FormBuilderDialog() {
  const form = useApp((s) => s.form);
  const editForm = useApp((s) => s.editForm);
  const closeDialog = useApp((s) => s.closeDialog);
  const api = useApp((s) => s.api);
  const reviewers = useApp((s) => s.reviewers);
  const [error, setError] = useState<string | null>(null);
  const [versions, setVersions] = useState<
    { version: number; at: string; reviewerId: string | null; summary: string }[]
  >([]);
  useEffect(() => {
    api.call('form:versions', {}).then(setVersions, () => setVersions([]));
  }, [api, form?.version]);
  const [newSection, setNewSection] = useState('');
  const [newField, setNewField] = useState<{ sectionId: string; label: string; type: FieldType; options: string }>({
    sectionId: '',
    label: '',
    type: 'text',
    options: '',
  });
  const [newOutcome, setNewOutcome] = useState<{
    name: string;
    dataType: OutcomeDataType;
    unit: string;
    timepoints: string;
  }>({
    name: '',
    dataType: 'continuous',
    unit: '',
    timepoints: 'Baseline; Follow-up',
  });

  const edit = async (change: FormEdit) => {
    try {
      await editForm(change);
      setError(null);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    }
  };
  if (!form) return null;
  const sectionId = newField.sectionId || form.sections[0]?.id || '';

  return (
    <Dialog title={`Edit form (version ${form.version})`} onClose={closeDialog} wide>
      <div className="form form-builder">
        <FormError message={error} />
        {form.sections.map((section) => {
          const fields = form.fields.filter((f) => f.sectionId === section.id);
          return (
            <fieldset key={section.id}>
              <legend>
                <input
                  aria-label={`Section title: ${section.title}`}
                  defaultValue={section.title}
                  onBlur={(e) =>
                    e.target.value !== section.title &&
                    void edit({ op: 'renameSection', sectionId: section.id, title: e.target.value })
                  }
                />
              </legend>
              {fields.map((field, index) => (
                <div key={field.id} className={field.archived ? 'builder-row archived' : 'builder-row'}>
                  <input
                    aria-label={`Field label: ${field.label}`}
                    defaultValue={field.label}
                    disabled={field.archived}
                    onBlur={(e) =>
                      e.target.value !== field.label &&
                      void edit({ op: 'updateField', fieldId: field.id, label: e.target.value })
                    }
                  />
                  <select
                    aria-label={`Field type: ${field.label}`}
                    value={field.type}
                    disabled={field.archived}
                    onChange={(e) =>
                      void edit({ op: 'updateField', fieldId: field.id, type: e.target.value as FieldType })
                    }
                  >
                    {FIELD_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {FIELD_TYPE_LABELS[t]}
                      </option>
                    ))}
                  </select>
                  {field.archived ? (
                    <button type="button" onClick={() => void edit({ op: 'restoreField', fieldId: field.id })}>
                      Restore “{field.label}”
                    </button>
                  ) : (
                    <>
                      <button
                        type="button"
                        aria-label={`Move “${field.label}” up`}
                        disabled={index === 0}
                        onClick={() => void edit({ op: 'moveField', fieldId: field.id, toIndex: index - 1 })}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        aria-label={`Move “${field.label}” down`}
                        disabled={index === fields.length - 1}
                        onClick={() => void edit({ op: 'moveField', fieldId: field.id, toIndex: index + 1 })}
                      >
                        ↓
                      </button>
                      <button
                        type="button"
                        aria-label={`Remove “${field.label}”`}
                        onClick={() => void edit({ op: 'removeField', fieldId: field.id })}
                      >
                        Remove
                      </button>
                    </>
                  )}
                </div>
              ))}
            </fieldset>
          );
        })}
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void edit({ op: 'addSection', title: newSection }).then((ok) => ok && setNewSection(''));
          }}
        >
          <label>
            New section
            <input value={newSection} onChange={(e) => setNewSection(e.target.value)} />
          </label>
          <button type="submit">Add section</button>
        </form>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const options = newField.options
              .split(';')
              .map((o) => o.trim())
              .filter(Boolean);
            void edit({ op: 'addField', sectionId, label: newField.label, type: newField.type, options }).then(
              (ok) => ok && setNewField({ ...newField, label: '', options: '' }),
            );
          }}
        >
          <label>
            New field
            <input value={newField.label} onChange={(e) => setNewField({ ...newField, label: e.target.value })} />
          </label>
          <label>
            Type
            <select
              value={newField.type}
              onChange={(e) => setNewField({ ...newField, type: e.target.value as FieldType })}
            >
              {FIELD_TYPES.map((t) => (
                <option key={t} value={t}>
                  {FIELD_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
          <label>
            In section
            <select value={sectionId} onChange={(e) => setNewField({ ...newField, sectionId: e.target.value })}>
              {form.sections.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            Choices (; between)
            <input value={newField.options} onChange={(e) => setNewField({ ...newField, options: e.target.value })} />
          </label>
          <button type="submit">Add field</button>
        </form>

        <h3 className="small-heading">Outcomes</h3>
        {form.outcomes.map((outcome, index) => (
          <div key={outcome.id} className={outcome.archived ? 'builder-row archived' : 'builder-row'}>
            <input
              aria-label={`Outcome name: ${outcome.name}`}
              defaultValue={outcome.name}
              disabled={outcome.archived}
              onBlur={(e) =>
                e.target.value !== outcome.name &&
                void edit({ op: 'updateOutcome', outcomeId: outcome.id, name: e.target.value })
              }
            />
            <select
              aria-label={`Data type: ${outcome.name}`}
              value={outcome.dataType}
              disabled={outcome.archived}
              onChange={(e) =>
                void edit({ op: 'updateOutcome', outcomeId: outcome.id, dataType: e.target.value as OutcomeDataType })
              }
            >
              {OUTCOME_DATA_TYPES.map((t) => (
                <option key={t} value={t}>
                  {DATA_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
            <span className="timepoints">
              {outcome.timepoints.map((t) => (
                <span key={t.id} className="timepoint">
                  <input
                    aria-label={`Timepoint of “${outcome.name}”: ${t.label}`}
                    defaultValue={t.label}
                    size={Math.max(6, t.label.length)}
                    disabled={outcome.archived}
                    onBlur={(e) =>
                      e.target.value !== t.label &&
                      void edit({
                        op: 'renameTimepoint',
                        outcomeId: outcome.id,
                        timepointId: t.id,
                        label: e.target.value,
                      })
                    }
                  />
                  {!outcome.archived && outcome.timepoints.length > 1 && (
                    <button
                      type="button"
                      className="link small"
                      aria-label={`Remove timepoint “${t.label}” of “${outcome.name}”`}
                      onClick={() => void edit({ op: 'removeTimepoint', outcomeId: outcome.id, timepointId: t.id })}
                    >
                      ×
                    </button>
                  )}
                </span>
              ))}
            </span>
            {outcome.archived ? (
              <button type="button" onClick={() => void edit({ op: 'restoreOutcome', outcomeId: outcome.id })}>
                Restore “{outcome.name}”
              </button>
            ) : (
              <>
                <button
                  type="button"
                  aria-label={`Move “${outcome.name}” up`}
                  disabled={index === 0}
                  onClick={() => void edit({ op: 'moveOutcome', outcomeId: outcome.id, toIndex: index - 1 })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  aria-label={`Add a timepoint to “${outcome.name}”`}
                  onClick={() =>
                    void edit({
                      op: 'addTimepoint',
                      outcomeId: outcome.id,
                      label: `Timepoint ${outcome.timepoints.length + 1}`,
                    })
                  }
                >
                  + timepoint
                </button>
                <button
                  type="button"
                  aria-label={`Remove “${outcome.name}”`}
                  onClick={() => void edit({ op: 'removeOutcome', outcomeId: outcome.id })}
                >
                  Remove
                </button>
              </>
            )}
          </div>
        ))}
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const timepoints = newOutcome.timepoints
              .split(';')
              .map((t) => t.trim())
              .filter(Boolean);
            void edit({
              op: 'addOutcome',
              name: newOutcome.name,
              dataType: newOutcome.dataType,
              unit: newOutcome.unit || null,
              measure: null,
              timepoints,
            }).then((ok) => ok && setNewOutcome({ ...newOutcome, name: '' }));
          }}
        >
          <label>
            New outcome
            <input value={newOutcome.name} onChange={(e) => setNewOutcome({ ...newOutcome, name: e.target.value })} />
          </label>
          <label>
            Data type
            <select
              value={newOutcome.dataType}
              onChange={(e) => setNewOutcome({ ...newOutcome, dataType: e.target.value as OutcomeDataType })}
            >
              {OUTCOME_DATA_TYPES.map((t) => (
                <option key={t} value={t}>
                  {DATA_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Unit
            <input
              value={newOutcome.unit}
              onChange={(e) => setNewOutcome({ ...newOutcome, unit: e.target.value })}
              size={6}
            />
          </label>
          <label>
            Timepoints (; between)
            <input
              value={newOutcome.timepoints}
              onChange={(e) => setNewOutcome({ ...newOutcome, timepoints: e.target.value })}
            />
          </label>
          <button type="submit">Add outcome</button>
        </form>
        <details className="versions">
          <summary>Form versions ({versions.length})</summary>
          <ol reversed>
            {[...versions].reverse().map((v) => (
              <li key={v.version}>
                Version {v.version} · {new Date(v.at).toLocaleString()} ·{' '}
                {reviewers.find((r) => r.id === v.reviewerId)?.name ?? 'no reviewer'}: {v.summary}
              </li>
            ))}
          </ol>
        </details>
        <div className="buttons">
          <button type="button" onClick={() => void edit({ op: 'applyTemplate', template: 'intervention' })}>
            Add the intervention-review fields
          </button>
          <button type="button" className="primary" onClick={closeDialog}>
            Done
          </button>
        </div>
      </div>
    </Dialog>
  );
}
