// The study's arms beside the form: add, rename (in place) and remove. Removing an arm keeps its
// values (archived, still exported), so it asks first when the arm has values. Layer: renderer.
import { useState } from 'react';
import type { StudyExtraction } from '../../../shared/model/extraction';
import { useApp } from '../../store';
import { useAction } from '../../ui/useAction';

export function ArmsEditor(props: { extraction: StudyExtraction }) {
  const { extraction } = props;
  const addArm = useApp((s) => s.addArm);
  const renameArm = useApp((s) => s.renameArm);
  const removeArm = useApp((s) => s.removeArm);
  const run = useAction();
  const [newArm, setNewArm] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const valuesOf = (armId: string) =>
    extraction.values.filter((v) => !v.archived && v.target.kind === 'outcome' && v.target.armId === armId).length;

  return (
    <fieldset className="arms">
      <legend>Arms</legend>
      {extraction.arms.length === 0 && <span className="muted">No arms yet. </span>}
      {extraction.arms.map((a) => {
        const n = valuesOf(a.id);
        return (
          <span key={a.id} className="arm">
            <input
              key={a.label}
              aria-label={`Arm name: ${a.label}`}
              defaultValue={a.label}
              size={Math.max(4, a.label.length)}
              onBlur={(e) => {
                const label = e.target.value.trim();
                const input = e.target;
                if (!label || label === a.label) {
                  input.value = a.label;
                  return;
                }
                void run(() => renameArm(a.id, label)).then((ok) => {
                  if (!ok) input.value = a.label;
                });
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') e.currentTarget.blur();
              }}
            />
            {confirming === a.id ? (
              <span className="arm-confirm" role="group" aria-label={`Remove arm “${a.label}”?`}>
                {n} {n === 1 ? 'value' : 'values'} kept as removed.
                <button
                  type="button"
                  className="danger"
                  onClick={() => void run(() => removeArm(a.id)).then(() => setConfirming(null))}
                >
                  Remove
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  Keep
                </button>
              </span>
            ) : (
              <button
                type="button"
                className="link small"
                aria-label={`Remove arm “${a.label}”`}
                onClick={() => (n > 0 ? setConfirming(a.id) : void run(() => removeArm(a.id)))}
              >
                ×
              </button>
            )}
          </span>
        );
      })}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (newArm.trim()) void run(() => addArm(newArm)).then((ok) => ok && setNewArm(''));
        }}
      >
        <input
          aria-label="New arm"
          placeholder="New arm, e.g. CRT"
          value={newArm}
          onChange={(e) => setNewArm(e.target.value)}
        />
        <button type="submit">Add arm</button>
      </form>
    </fieldset>
  );
}
