// The review's reconcile settings: which two reviewers are reconciled (or any two who finished a
// study), how close two numbers must be to agree (exact, absolute or relative tolerance), whether
// agreements enter the consensus on their own, and a third reviewer as arbiter. Layer: renderer.
import { useEffect, useState, type FormEvent } from 'react';
import type { ReconcileSettings } from '../../../shared/model/reconcile';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';

type ToleranceKind = ReconcileSettings['tolerance']['kind'];

export function ReconcileSettingsDialog(props: { onClose: () => void; onSaved: () => void }) {
  const api = useApp((s) => s.api);
  const reviewers = useApp((s) => s.reviewers);
  const [loaded, setLoaded] = useState(false);
  const [first, setFirst] = useState('');
  const [second, setSecond] = useState('');
  const [kind, setKind] = useState<ToleranceKind>('exact');
  const [amount, setAmount] = useState('');
  const [autoAgree, setAutoAgree] = useState(true);
  const [arbiter, setArbiter] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    api.call('reconcile:settings', {}).then(
      (s) => {
        if (!live) return;
        setFirst(s.pair?.[0] ?? '');
        setSecond(s.pair?.[1] ?? '');
        setKind(s.tolerance.kind);
        setAmount(
          s.tolerance.kind === 'absolute'
            ? String(s.tolerance.amount)
            : s.tolerance.kind === 'relative'
              ? String(s.tolerance.percent)
              : '',
        );
        setAutoAgree(s.autoAgree);
        setArbiter(s.arbiterId ?? '');
        setLoaded(true);
      },
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if ((first === '') !== (second === '')) {
      setError('Choose both reviewers of the pair, or neither (any two who marked a study complete).');
      return;
    }
    const n = Number(amount.replace(',', '.').replace('%', '').trim());
    if (kind !== 'exact' && !(amount.trim() !== '' && Number.isFinite(n) && n > 0)) {
      setError(
        kind === 'absolute'
          ? 'The absolute tolerance must be a number above 0 (for example 0.05).'
          : 'The relative tolerance must be a percentage above 0 (for example 1).',
      );
      return;
    }
    try {
      await api.call('reconcile:setSettings', {
        pair: first && second ? [first, second] : null,
        tolerance:
          kind === 'exact'
            ? { kind: 'exact' }
            : kind === 'absolute'
              ? { kind: 'absolute', amount: n }
              : { kind: 'relative', percent: n },
        autoAgree,
        arbiterId: arbiter || null,
      });
      props.onSaved();
      props.onClose();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const reviewerOptions = reviewers.map((r) => (
    <option key={r.id} value={r.id}>
      {r.name}
    </option>
  ));
  return (
    <Dialog title="Reconcile settings" onClose={props.onClose}>
      <form onSubmit={submit} className="form reconcile-settings">
        <fieldset disabled={!loaded}>
          <legend>Reviewers reconciled</legend>
          <label>
            First reviewer
            <select value={first} onChange={(e) => setFirst(e.target.value)}>
              <option value="">Any</option>
              {reviewerOptions}
            </select>
          </label>
          <label>
            Second reviewer
            <select value={second} onChange={(e) => setSecond(e.target.value)}>
              <option value="">Any</option>
              {reviewerOptions}
            </select>
          </label>
          <p className="hint">With “Any”, a study is reconciled by any two reviewers who marked it complete.</p>
        </fieldset>
        <fieldset disabled={!loaded}>
          <legend>Numbers agree when</legend>
          <label>
            Tolerance
            <select value={kind} onChange={(e) => setKind(e.target.value as ToleranceKind)}>
              <option value="exact">Exactly equal (12.0 = 12)</option>
              <option value="absolute">Within an absolute difference</option>
              <option value="relative">Within a relative difference (%)</option>
            </select>
          </label>
          {kind !== 'exact' && (
            <label>
              {kind === 'absolute' ? 'Largest difference' : 'Largest difference (%)'}
              <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
            </label>
          )}
        </fieldset>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={autoAgree}
            disabled={!loaded}
            onChange={(e) => setAutoAgree(e.target.checked)}
          />
          Take agreements into the consensus automatically
        </label>
        <label>
          Arbiter
          <select value={arbiter} disabled={!loaded} onChange={(e) => setArbiter(e.target.value)}>
            <option value="">None</option>
            {reviewerOptions}
          </select>
        </label>
        <p className="hint">The arbiter is a third reviewer who may decide differences besides the pair.</p>
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!loaded}>
            Save settings
          </button>
        </div>
      </form>
    </Dialog>
  );
}
