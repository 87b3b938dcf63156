// One outcome in the form builder: name, data type, unit, timepoints (rename, add, remove: one with
// values is archived and can be restored), move, remove or restore. Layer: renderer.
import { OUTCOME_DATA_TYPES, type OutcomeDataType, type OutcomeDefinition } from '../../../../shared/model/extraction';
import type { FormEdit } from '../../../../shared/contract/extraction';
import { DATA_TYPE_LABELS } from './labels';

export function OutcomeRow(props: {
  outcome: OutcomeDefinition;
  index: number;
  count: number;
  edit: (change: FormEdit) => Promise<boolean>;
}) {
  const { outcome, index, count, edit } = props;
  const archivedTimepoints = outcome.archivedTimepoints ?? [];
  return (
    <div className={outcome.archived ? 'builder-row builder-outcome archived' : 'builder-row builder-outcome'}>
      <div className="builder-line">
        <input
          className="grow"
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
        <input
          className="unit"
          aria-label={`Unit: ${outcome.name}`}
          placeholder="Unit"
          key={`unit:${outcome.unit ?? ''}`}
          defaultValue={outcome.unit ?? ''}
          disabled={outcome.archived}
          size={6}
          onBlur={(e) =>
            e.target.value.trim() !== (outcome.unit ?? '') &&
            void edit({ op: 'updateOutcome', outcomeId: outcome.id, unit: e.target.value.trim() || null })
          }
        />
      </div>
      <div className="builder-line">
        <span className="timepoints" role="group" aria-label={`Timepoints of “${outcome.name}”`}>
          {outcome.timepoints.map((t) => (
            <span key={t.id} className="timepoint">
              <input
                aria-label={`Timepoint of “${outcome.name}”: ${t.label}`}
                defaultValue={t.label}
                size={Math.max(6, t.label.length)}
                disabled={outcome.archived}
                onBlur={(e) =>
                  e.target.value !== t.label &&
                  void edit({ op: 'renameTimepoint', outcomeId: outcome.id, timepointId: t.id, label: e.target.value })
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
          {!outcome.archived && (
            <button
              type="button"
              aria-label={`Add a timepoint to “${outcome.name}”`}
              onClick={() =>
                void edit({ op: 'addTimepoint', outcomeId: outcome.id, label: nextTimepointLabel(outcome) })
              }
            >
              + timepoint
            </button>
          )}
          {archivedTimepoints.map((t) => (
            <button
              key={t.id}
              type="button"
              className="link small archived-timepoint"
              disabled={outcome.archived}
              onClick={() => void edit({ op: 'restoreTimepoint', outcomeId: outcome.id, timepointId: t.id })}
            >
              Restore timepoint “{t.label}”
            </button>
          ))}
        </span>
        <span className="builder-actions">
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
                aria-label={`Move “${outcome.name}” down`}
                disabled={index === count - 1}
                onClick={() => void edit({ op: 'moveOutcome', outcomeId: outcome.id, toIndex: index + 1 })}
              >
                ↓
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
        </span>
      </div>
    </div>
  );
}

/** "Timepoint 3", or the next number not taken by a current or removed timepoint. */
function nextTimepointLabel(outcome: OutcomeDefinition): string {
  const taken = new Set(
    [...outcome.timepoints, ...(outcome.archivedTimepoints ?? [])].map((t) => t.label.toLowerCase()),
  );
  let n = outcome.timepoints.length + 1;
  while (taken.has(`timepoint ${n}`)) n++;
  return `Timepoint ${n}`;
}
