// Converting a reported statistic into what the outcome table needs, in place: the reviewer picks a
// conversion, enters (or finds prefilled) its inputs, sees the result with its formula, and writes
// it; each written value keeps the method, formula and inputs. Layer: renderer.
import { useMemo, useState } from 'react';
import { targetKey, type ValueConversion } from '../../../shared/model/extraction';
import { useApp } from '../../store';
import { Dialog, FormError } from '../../ui/Dialog';
import { errorText } from '../../ui/useAction';
import { conversionsFor } from './conversions';

export function ConvertDialog() {
  const target = useApp((s) => s.convertTarget);
  const form = useApp((s) => s.form);
  const extraction = useApp((s) => s.extraction);
  const writeValues = useApp((s) => s.writeValues);
  const closeDialog = useApp((s) => s.closeDialog);
  const outcome = form?.outcomes.find((o) => o.id === target?.outcomeId);
  const kinds = useMemo(() => (outcome && target ? conversionsFor(outcome, target.component) : []), [outcome, target]);
  const [kindId, setKindId] = useState(kinds[0]?.id ?? '');
  const kind = kinds.find((k) => k.id === kindId) ?? kinds[0];

  const api = useApp((s) => s.api);
  const consensus = target?.consensus;
  const cellValue = (component: string): string => {
    if (consensus) return consensus.values[component] === undefined ? '' : String(consensus.values[component]);
    if (!target || !extraction) return '';
    const key = targetKey({
      kind: 'outcome',
      outcomeId: target.outcomeId,
      timepointId: target.timepointId,
      armId: target.armId,
      component,
    });
    const v = extraction.values.find((x) => targetKey(x.target) === key && x.state === 'value');
    return typeof v?.value === 'number' ? String(v.value) : '';
  };
  const [inputs, setInputs] = useState<Record<string, string>>(() =>
    Object.fromEntries(kinds.flatMap((k) => k.inputs.filter((i) => i.from).map((i) => [i.name, cellValue(i.from!)]))),
  );
  const [error, setError] = useState<string | null>(null);

  const result = useMemo(() => {
    if (!kind) return null;
    try {
      const numbers = Object.fromEntries(
        kind.inputs.map((i) => [
          i.name,
          inputs[i.name]?.trim() ? Number(inputs[i.name]!.replace(/\u2212/g, '-')) : undefined,
        ]),
      );
      return { ok: true as const, ...kind.compute(numbers) };
    } catch (e) {
      return { ok: false as const, message: errorText(e) };
    }
  }, [kind, inputs]);

  if (!target || !outcome || !kind) return null;
  // At reconciliation the result decides the consensus of the cells being reconciled, one by one.
  const written =
    result?.ok && consensus
      ? Object.keys(result.values).filter((c) => consensus.keys[c] !== undefined)
      : result?.ok
        ? Object.keys(result.values)
        : [];
  const decide = async (values: Record<string, number>, conversion: ValueConversion) => {
    for (const component of written) {
      await api.call('reconcile:decide', {
        studyId: consensus!.studyId,
        key: consensus!.keys[component]!,
        take: 'entered',
        entered: { state: 'value', value: values[component]!, origin: 'converted', conversion },
        ...(consensus!.note.trim() ? { note: consensus!.note } : {}),
      });
    }
  };
  const write = async () => {
    if (!result?.ok) return;
    try {
      if (consensus) {
        await decide(result.values, result.conversion);
        closeDialog();
        return;
      }
      await writeValues(
        Object.entries(result.values).map(([component, value]) => ({
          target: {
            kind: 'outcome' as const,
            outcomeId: target.outcomeId,
            timepointId: target.timepointId,
            armId: target.armId,
            component,
          },
          state: 'value' as const,
          value,
          origin: 'converted' as const,
          conversion: result.conversion,
        })),
      );
      closeDialog();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog title={`Convert into ${target.label}${consensus ? ' (consensus)' : ''}`} onClose={closeDialog} wide>
      <div className="form">
        <label>
          Conversion
          <select value={kind.id} onChange={(e) => setKindId(e.target.value)}>
            {kinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        <div className="convert-inputs">
          {kind.inputs.map((i) => (
            <label key={i.name}>
              {i.label}
              {i.optional ? ' (optional)' : ''}
              <input
                inputMode="decimal"
                value={inputs[i.name] ?? ''}
                onChange={(e) => setInputs({ ...inputs, [i.name]: e.target.value })}
              />
            </label>
          ))}
        </div>
        <p className="convert-result" role="status">
          {result?.ok
            ? `${Object.entries(result.values)
                .map(([c, v]) => `${c} = ${Number(v.toPrecision(6))}`)
                .join(', ')} · ${result.conversion.source}`
            : result?.message}
        </p>
        <FormError message={error} />
        <div className="buttons">
          <button type="button" onClick={closeDialog}>
            Cancel
          </button>
          <button
            type="button"
            className="primary"
            disabled={!result?.ok || written.length === 0}
            onClick={() => void write()}
          >
            {consensus ? 'Decide' : 'Write'} {written.join(' and ')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
