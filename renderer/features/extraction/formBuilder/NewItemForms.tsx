// The form builder's "add" forms: a section, a field (with its choices for choice types) and an
// outcome. Each clears itself after a successful add, so the next item starts from the defaults.
// Layer: renderer.
import { useState } from 'react';
import {
  FIELD_TYPES,
  OUTCOME_DATA_TYPES,
  type ExtractionForm,
  type FieldType,
  type OutcomeDataType,
} from '../../../../shared/model/extraction';
import type { FormEdit } from '../../../../shared/contract/extraction';
import { ChoicesEditor } from './ChoicesEditor';
import { DATA_TYPE_LABELS, FIELD_TYPE_LABELS, isChoiceType } from './labels';

type Edit = (change: FormEdit) => Promise<boolean>;

export function NewSectionForm(props: { edit: Edit }) {
  const [title, setTitle] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void props.edit({ op: 'addSection', title }).then((ok) => ok && setTitle(''));
      }}
    >
      <label>
        New section
        <input value={title} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <button type="submit">Add section</button>
    </form>
  );
}

const EMPTY_FIELD = { sectionId: '', label: '', type: 'text' as FieldType, options: [] as string[] };

export function NewFieldForm(props: { form: ExtractionForm; edit: Edit; onRefused: (reason: string) => void }) {
  const [field, setField] = useState(EMPTY_FIELD);
  const sectionId = props.form.sections.some((s) => s.id === field.sectionId)
    ? field.sectionId
    : (props.form.sections[0]?.id ?? '');
  return (
    <form
      className="inline-form new-field"
      aria-label="New field"
      onSubmit={(e) => {
        e.preventDefault();
        void props
          .edit({ op: 'addField', sectionId, label: field.label, type: field.type, options: field.options })
          .then((ok) => ok && setField({ ...EMPTY_FIELD, sectionId }));
      }}
    >
      <label>
        New field
        <input value={field.label} onChange={(e) => setField({ ...field, label: e.target.value })} />
      </label>
      <label>
        Type
        <select value={field.type} onChange={(e) => setField({ ...field, type: e.target.value as FieldType })}>
          {FIELD_TYPES.map((t) => (
            <option key={t} value={t}>
              {FIELD_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <label>
        In section
        <select value={sectionId} onChange={(e) => setField({ ...field, sectionId: e.target.value })}>
          {props.form.sections.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Add field</button>
      {isChoiceType(field.type) && (
        <ChoicesEditor
          owner={field.label || 'the new field'}
          choices={field.options}
          onChange={(options) => {
            setField({ ...field, options });
            return true;
          }}
          onRefused={props.onRefused}
        />
      )}
    </form>
  );
}

const EMPTY_OUTCOME = {
  name: '',
  dataType: 'continuous' as OutcomeDataType,
  unit: '',
  timepoints: 'Baseline; Follow-up',
};

export function NewOutcomeForm(props: { edit: Edit }) {
  const [outcome, setOutcome] = useState(EMPTY_OUTCOME);
  return (
    <form
      className="inline-form"
      aria-label="New outcome"
      onSubmit={(e) => {
        e.preventDefault();
        const timepoints = outcome.timepoints
          .split(';')
          .map((t) => t.trim())
          .filter(Boolean);
        void props
          .edit({
            op: 'addOutcome',
            name: outcome.name,
            dataType: outcome.dataType,
            unit: outcome.unit.trim() || null,
            measure: null,
            timepoints,
          })
          // The next outcome starts from the defaults: a unit or data type carried over is easily missed.
          .then((ok) => ok && setOutcome(EMPTY_OUTCOME));
      }}
    >
      <label>
        New outcome
        <input value={outcome.name} onChange={(e) => setOutcome({ ...outcome, name: e.target.value })} />
      </label>
      <label>
        Data type
        <select
          value={outcome.dataType}
          onChange={(e) => setOutcome({ ...outcome, dataType: e.target.value as OutcomeDataType })}
        >
          {OUTCOME_DATA_TYPES.map((t) => (
            <option key={t} value={t}>
              {DATA_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <label className="narrow">
        Unit
        <input value={outcome.unit} onChange={(e) => setOutcome({ ...outcome, unit: e.target.value })} size={6} />
      </label>
      <label>
        Timepoints (; between)
        <input value={outcome.timepoints} onChange={(e) => setOutcome({ ...outcome, timepoints: e.target.value })} />
      </label>
      <button type="submit">Add outcome</button>
    </form>
  );
}
