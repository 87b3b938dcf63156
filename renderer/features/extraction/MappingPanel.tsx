// Shown while text is selected in the reader: what the recogniser reads in the selection ("mean
// 23.5, SD 4.3, unit %") and every place in the form it fits, best fit first ("LVEF, Baseline, CRT:
// mean, SD"); places whose unit contradicts the reading come last, under a heading that says so. One
// click, or the number key beside it, highlights the selection and writes all its values with their
// provenance (the highlight, the raw text and the reading). The panel floats beside the selection, over
// the text, so the text does not move when it appears. Layer: renderer.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { describeReading, mappingOptions, type MappingTarget } from '../../../shared/extraction/mapping';
import { recognise } from '../../../shared/parse/recognise';
import type { Statistic } from '../../../shared/parse/types';
import { useApp } from '../../store';
import { useAction } from '../../ui/useAction';
import { useKeys } from '../../ui/keys';

export interface ReaderSelection {
  documentSha256: string;
  page: number | null;
  start: number;
  end: number;
  text: string;
  /** The sentence around the selection, which may name the outcome ("inotropic therapy was discontinued"). */
  context?: string;
}

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
const MARGIN = 8;

/** Where the panel goes: below the selection, or above it when there is no room below; inside the window. */
function placeBySelection(panel: HTMLElement): { top: number; left: number } {
  const selection = window.getSelection();
  const rect = selection && selection.rangeCount > 0 ? selection.getRangeAt(0).getBoundingClientRect() : null;
  const height = panel.offsetHeight;
  const width = panel.offsetWidth;
  const fallback = panel.parentElement?.getBoundingClientRect();
  const anchor =
    rect && (rect.width > 0 || rect.height > 0)
      ? rect
      : fallback
        ? {
            top: fallback.bottom - height - 2 * MARGIN,
            bottom: fallback.bottom - height - 2 * MARGIN,
            left: fallback.left,
          }
        : { top: MARGIN, bottom: MARGIN, left: MARGIN };
  let top = anchor.bottom + 6;
  if (top + height > window.innerHeight - MARGIN) top = Math.max(MARGIN, anchor.top - height - 6);
  const left = Math.max(MARGIN, Math.min(anchor.left, window.innerWidth - width - MARGIN));
  return { top, left };
}

export function MappingPanel(props: { selection: ReaderSelection; onDone: () => void }) {
  const { selection, onDone } = props;
  const form = useApp((s) => s.form);
  const extraction = useApp((s) => s.extraction);
  const mapSelection = useApp((s) => s.mapSelection);
  const run = useAction();
  const panelRef = useRef<HTMLElement>(null);
  const [position, setPosition] = useState<{ top: number; left: number } | null>(null);

  const readings = useMemo(
    () => recognise(selection.text).filter((s) => s.kind !== 'ambiguous' && s.kind !== 'p_value'),
    [selection.text],
  );
  const options = useMemo(() => {
    if (!form || !extraction) return [];
    return mappingOptions(
      readings,
      form,
      extraction.arms,
      selection.context ?? selection.text,
      extraction.values,
    ).slice(0, 30);
  }, [readings, form, extraction, selection.text, selection.context]);

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
  useKeys(
    'reader',
    DIGITS.map((key, i) => ({
      key,
      description: 'Map the selection to the target with this number',
      group: 'Mapping',
      run: () => {
        const option = options[i];
        if (!option) return false;
        void apply(option.statistic, option.target);
      },
    })),
  );

  useLayoutEffect(() => {
    const panel = panelRef.current;
    if (!panel) return;
    const place = () => setPosition(placeBySelection(panel));
    place();
    window.addEventListener('resize', place);
    window.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [selection.start, selection.end, selection.page, options.length]);

  if (!extraction) return null;
  const firstContradiction = options.findIndex((o) => o.target.contradiction !== undefined);
  const button = ({ statistic, target }: (typeof options)[number], i: number) => (
    <li key={`${i}:${target.label}`}>
      <button
        type="button"
        className={target.contradiction ? 'mapping-contradicts' : undefined}
        title={target.contradiction}
        onClick={() => void apply(statistic, target)}
      >
        {i < 9 && <kbd>{i + 1}</kbd>} {target.label}
        {target.contradiction && <span className="mapping-unit-note"> ({target.contradiction})</span>}
      </button>
    </li>
  );
  return (
    <section
      ref={panelRef}
      className="mapping-panel mapping-floating"
      aria-label="Map selection"
      style={position ? { top: position.top, left: position.left } : { visibility: 'hidden' }}
    >
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
      <ol className="targets" aria-label="Targets that fit">
        {(firstContradiction === -1 ? options : options.slice(0, firstContradiction)).map(button)}
      </ol>
      {firstContradiction !== -1 && (
        <>
          <p className="mapping-contradicts-head">In another unit or measure than the reading:</p>
          <ol className="targets" aria-label="Targets in another unit" start={firstContradiction + 1}>
            {options.slice(firstContradiction).map((o, i) => button(o, firstContradiction + i))}
          </ol>
        </>
      )}
      <p className="mapping-hint muted">
        <kbd>1</kbd>–<kbd>9</kbd> map · <kbd>]</kbd> / <kbd>[</kbd> next or previous statistic · <kbd>Esc</kbd> close
      </p>
    </section>
  );
}
