// Shown while text is selected in the reader: what the recogniser reads in the selection ("mean
// 23.5, SD 4.3, unit %") and every place in the form it fits ("LVEF, Baseline, CRT: mean, SD"). One
// click, or the number key beside it, highlights the selection and writes all its values with their
// provenance (the highlight, the raw text and the reading). Layer: renderer.
import { useEffect, useMemo } from 'react';
import { recognise } from '../../../shared/parse/recognise';
import type { Statistic } from '../../../shared/parse/types';
import { useApp } from '../../store';
import { useAction } from '../../ui/useAction';
import { describeReading, mappingTargets, type MappingTarget } from './mapping';

export interface ReaderSelection {
  documentSha256: string;
  page: number | null;
  start: number;
  end: number;
  text: string;
}

export function MappingPanel(props: { selection: ReaderSelection; onDone: () => void }) {
  const { selection, onDone } = props;
  const form = useApp((s) => s.form);
  const extraction = useApp((s) => s.extraction);
  const mapSelection = useApp((s) => s.mapSelection);
  const run = useAction();

  const readings = useMemo(
    () => recognise(selection.text).filter((s) => s.kind !== 'ambiguous' && s.kind !== 'p_value'),
    [selection.text],
  );
  const options = useMemo(() => {
    if (!form || !extraction) return [];
    return readings.flatMap((statistic) =>
      mappingTargets(statistic, form, extraction.arms).map((target) => ({ statistic, target })),
    );
  }, [readings, form, extraction]);

  const apply = async (statistic: Statistic, target: MappingTarget) => {
    const ok = await run(() =>
      mapSelection(
        {
          documentSha256: selection.documentSha256,
          page: selection.page,
          start: selection.start,
          end: selection.end,
        },
        target.writes.map((w) => ({
          target: w.target,
          value: w.value ?? null,
          provenance: { rawText: statistic.text, reading: statistic },
        })),
      ),
    );
    if (ok) {
      window.getSelection()?.removeAllRanges();
      onDone();
    }
  };

  // Keys 1-9 accept a target while the selection stands.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || !/^[1-9]$/.test(e.key)) return;
      if ((e.target as HTMLElement).closest('input, textarea, select, dialog')) return;
      const option = options[Number(e.key) - 1];
      if (!option) return;
      e.preventDefault();
      void apply(option.statistic, option.target);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!extraction) return null;
  return (
    <section className="mapping-panel" aria-label="Map selection">
      {readings.length === 0 ? (
        <p className="muted">
          No statistic recognised in “{selection.text.slice(0, 60)}”. Highlight it, or type the value in the form.
        </p>
      ) : (
        readings.map((r, i) => (
          <p key={i} className="reading">
            Found: <strong>{describeReading(r)}</strong>
            {r.warnings.length > 0 && <span className="warning"> ({r.warnings.join('; ')})</span>}
          </p>
        ))
      )}
      {readings.length > 0 && options.length === 0 && (
        <p className="muted">Nothing in the form takes these values (add an arm or an outcome of this type).</p>
      )}
      <ol className="targets">
        {options.slice(0, 30).map(({ statistic, target }, i) => (
          <li key={`${i}:${target.label}`}>
            <button type="button" onClick={() => void apply(statistic, target)}>
              {i < 9 && <kbd>{i + 1}</kbd>} {target.label}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
