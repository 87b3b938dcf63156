// One study-level field in the form builder: label, type, choices (for choice types), move, remove
// or restore. Layer: renderer.
import { FIELD_TYPES, type FieldType, type FormField } from '../../../../shared/model/extraction';
import type { FormEdit } from '../../../../shared/contract/extraction';
import { ChoicesEditor } from './ChoicesEditor';
import { FIELD_TYPE_LABELS, isChoiceType } from './labels';

export function FieldRow(props: {
  field: FormField;
  index: number;
  count: number;
  edit: (change: FormEdit) => Promise<boolean>;
  onRefused: (reason: string) => void;
}) {
  const { field, index, count, edit } = props;
  return (
    <div className={field.archived ? 'builder-row builder-field archived' : 'builder-row builder-field'}>
      <div className="builder-line">
        <input
          className="grow"
          aria-label={`Field label: ${field.label}`}
          defaultValue={field.label}
          disabled={field.archived}
          onBlur={(e) =>
            e.target.value !== field.label && void edit({ op: 'updateField', fieldId: field.id, label: e.target.value })
          }
        />
        <select
          aria-label={`Field type: ${field.label}`}
          value={field.type}
          disabled={field.archived}
          onChange={(e) => void edit({ op: 'updateField', fieldId: field.id, type: e.target.value as FieldType })}
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
              disabled={index === count - 1}
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
      {isChoiceType(field.type) && !field.archived && (
        <ChoicesEditor
          owner={field.label}
          choices={field.options}
          onChange={(options) => edit({ op: 'updateField', fieldId: field.id, options })}
          onRename={(from, to) => edit({ op: 'renameChoice', fieldId: field.id, from, to })}
          onRefused={props.onRefused}
        />
      )}
    </div>
  );
}
