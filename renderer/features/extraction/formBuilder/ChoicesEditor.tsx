// The choices of a single- or multiple-choice field: rename in place (values that chose it follow),
// move up and down, remove, and add. Used for an existing field (each change is a form edit) and
// for a new field before it is added. Layer: renderer.
import { useRef, useState } from 'react';
import { addChoice, moveChoice, removeChoice, type ChoicesResult } from './choices';

export function ChoicesEditor(props: {
  /** Whose choices, for the controls' accessible names. */
  owner: string;
  choices: readonly string[];
  disabled?: boolean;
  /** A new list (add, move, remove); answers whether it was accepted. */
  onChange: (choices: string[]) => Promise<boolean> | boolean;
  /** A rename; answers whether it was accepted. Without it, a rename is a new list too. */
  onRename?: (from: string, to: string) => Promise<boolean> | boolean;
  onRefused: (reason: string) => void;
}) {
  const { owner } = props;
  const [newChoice, setNewChoice] = useState('');
  // While an edit is on its way, the list shown (and the one the next edit starts from) is the list as
  // it will be: a move clicked right after a rename must not send the old name back. Edits are sent
  // one after another, in the order they were made.
  const [pending, setPending] = useState<readonly string[] | null>(null);
  const choices = pending ?? props.choices;
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const inFlight = useRef(0);
  const send = (next: readonly string[], request: () => Promise<boolean> | boolean): Promise<boolean> => {
    setPending(next);
    inFlight.current++;
    const done = queue.current.then(request).finally(() => {
      if (--inFlight.current === 0) setPending(null);
    });
    queue.current = done.catch(() => undefined);
    return done;
  };
  const apply = async (result: ChoicesResult) => {
    if (!result.ok) {
      props.onRefused(result.reason);
      return false;
    }
    return send(result.choices, () => props.onChange(result.choices));
  };
  // The box is emptied at once, so the next choice can be typed while this one is on its way (emptying
  // it when the answer came would wipe what was typed since); a refused choice comes back to the box.
  const add = async () => {
    const typed = newChoice;
    const result = addChoice(choices, typed);
    if (!result.ok) {
      props.onRefused(result.reason);
      return;
    }
    setNewChoice('');
    if (!(await apply(result))) setNewChoice((current) => (current === '' ? typed : current));
  };
  return (
    <div className="choices" role="group" aria-label={`Choices of “${owner}”`}>
      {choices.length === 0 && <span className="muted">No choices yet.</span>}
      <ol className="choice-list">
        {choices.map((choice, index) => (
          <li key={`${index}:${choice}`} className="choice">
            <input
              aria-label={`Choice ${index + 1} of “${owner}”`}
              defaultValue={choice}
              disabled={props.disabled}
              onBlur={(e) => {
                const to = e.target.value.trim();
                if (to === choice) return;
                const input = e.target;
                const lower = to.toLowerCase();
                const refusal = !to
                  ? 'A choice cannot be empty.'
                  : choices.some((c, i) => i !== index && c.toLowerCase() === lower)
                    ? `"${to}" is already a choice.`
                    : null;
                if (refusal) {
                  props.onRefused(refusal);
                  input.value = choice;
                  return;
                }
                const renamed = choices.map((c, i) => (i === index ? to : c));
                void send(renamed, () => (props.onRename ? props.onRename(choice, to) : props.onChange(renamed))).then(
                  (ok) => {
                    if (!ok) input.value = choice;
                  },
                );
              }}
            />
            <button
              type="button"
              aria-label={`Move choice “${choice}” up`}
              disabled={props.disabled || index === 0}
              onClick={() => void apply(moveChoice(choices, index, index - 1))}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label={`Move choice “${choice}” down`}
              disabled={props.disabled || index === choices.length - 1}
              onClick={() => void apply(moveChoice(choices, index, index + 1))}
            >
              ↓
            </button>
            <button
              type="button"
              aria-label={`Remove choice “${choice}”`}
              disabled={props.disabled}
              onClick={() => void apply(removeChoice(choices, index))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      <span className="choice-add">
        <input
          aria-label={`New choice for “${owner}”`}
          placeholder="New choice"
          value={newChoice}
          disabled={props.disabled}
          onChange={(e) => setNewChoice(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void add();
            }
          }}
        />
        <button type="button" disabled={props.disabled} onClick={() => void add()}>
          Add choice
        </button>
      </span>
    </div>
  );
}
