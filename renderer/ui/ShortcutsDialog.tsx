// The Keyboard shortcuts dialog (press ?): every shortcut registered now, by group, with any key two
// shortcuts claim marked as a conflict; then the keys that belong to one list or field. Layer: renderer.
import { Dialog } from './Dialog';
import { useShortcuts } from './keys';

/** Keys handled by one element (the study list, a form input, the reconcile view), not the window. */
const LOCAL_KEYS: { group: string; keys: string; description: string }[] = [
  { group: 'Library', keys: '↑ / ↓, Page Up / Page Down, Home / End', description: 'Move through the study list' },
  { group: 'Reader', keys: '← / →, Home / End', description: 'Move between the document tabs' },
  { group: 'Form', keys: 'Enter', description: 'Save the value typed' },
  { group: 'Form', keys: 'Escape', description: 'Put back the stored value' },
  { group: 'Form', keys: 'Alt+N', description: 'Mark the value not reported' },
  { group: 'Reconcile', keys: 'N / Shift+N', description: 'Next or previous difference' },
  { group: 'Reconcile', keys: 'A / B', description: 'Take the first or the second reviewer’s value' },
  { group: 'Reconcile', keys: 'E', description: 'Enter another value' },
];

export function ShortcutsDialog(props: { onClose: () => void }) {
  const rows = useShortcuts();
  return (
    <Dialog title="Keyboard shortcuts" onClose={props.onClose}>
      <table className="shortcuts-table">
        <caption className="visually-hidden">Shortcuts available now</caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={`${row.scope}:${row.group}:${row.description}`}
              className={row.conflict ? 'shortcut-conflict' : ''}
            >
              <td>{row.group}</td>
              <td>
                {row.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>
                {row.description}
                {row.conflict && <strong> (conflict: another shortcut uses this key)</strong>}
              </td>
            </tr>
          ))}
          {LOCAL_KEYS.map((row) => (
            <tr key={`local:${row.group}:${row.keys}`}>
              <td>{row.group}</td>
              <td>
                <kbd>{row.keys}</kbd>
              </td>
              <td>{row.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="buttons">
        <button type="button" className="primary" autoFocus onClick={props.onClose}>
          Close
        </button>
      </div>
    </Dialog>
  );
}
