// One input of the extraction form (a study-level field or one component of an outcome cell). It
// commits when the reviewer leaves it or presses Enter; a refused value shows its reason beside the
// input and the stored value stays. "NR" marks the value as not reported (distinct from empty), and
// a mapped value links back to its highlight. Layer: renderer.
import { useEffect, useState, type KeyboardEvent } from 'react';
import { writtenNumber } from '../../../shared/extraction/mapping';
import { parseNumber } from '../../../shared/extraction/rules';
import type { CellValue, ExtractedValue, FieldType } from '../../../shared/model/extraction';

export type InputKind = FieldType | 'cell';

/** Decimals a converted value is shown with: one more than its inputs were reported with, at least 2, at most 4. */
function convertedDecimals(value: ExtractedValue): number {
  const decimals = Object.values(value.conversion?.inputs ?? {})
    .filter((v): v is number => typeof v === 'number')
    .map((v) => /\.(\d+)$/.exec(String(v))?.[1]?.length ?? 0);
  return Math.min(4, Math.max(2, Math.max(0, ...decimals) + 1));
}

/**
 * A stored value as the input shows it: a typed or mapped number as it was written ("32.0", not
 * "32"), a converted one rounded to the precision of what it came from (11.18, not 11.18004504176495); the
 * stored number is kept whole.
 */
function display(value: ExtractedValue | undefined): string {
  if (!value || value.state !== 'value' || value.value === null) return '';
  if (Array.isArray(value.value)) return value.value.join('; ');
  if (typeof value.value === 'number') {
    if (value.written !== undefined) return value.written;
    if (value.origin === 'mapped' && value.provenance) return writtenNumber(value.value, value.provenance.rawText);
    if (value.origin === 'converted') return String(Number(value.value.toFixed(convertedDecimals(value))));
  }
  return String(value.value);
}

/** What the typed text means for a field of this kind: numbers for numeric inputs (text stays text so the backend can say why it is refused). */
export function parseInput(kind: InputKind, text: string): CellValue {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (kind === 'number' || kind === 'integer' || kind === 'cell') return parseNumber(trimmed) ?? trimmed;
  if (kind === 'multiple_choice') return trimmed.split(/\s*;\s*/).filter(Boolean);
  return trimmed;
}

export function FieldInput(props: {
  label: string;
  kind: InputKind;
  options?: string[];
  value: ExtractedValue | undefined;
  error: string | undefined;
  /** The value, and a number's text as typed (kept so "32.0" shows again as "32.0"). */
  onCommit: (value: CellValue, written?: string) => void;
  onNotReported: () => void;
  onGoToSource: ((highlightId: string) => void) | undefined;
  /** Offered when a conversion can fill this cell. */
  onConvert?: (() => void) | undefined;
  compact?: boolean;
  /** Escape gave up a refused value: its reason can go. */
  onDismissError?: () => void;
}) {
  const { label, kind, value, error, onCommit, onNotReported, onGoToSource } = props;
  const stored = display(value);
  const [text, setText] = useState(stored);
  useEffect(() => setText(stored), [stored]);
  const notReported = value?.state === 'not_reported';

  const commit = (next: string) => {
    // The value shown as written ("32.0") is the stored one: leaving the input changes nothing.
    if (next === stored && !error) return;
    const value = parseInput(kind, next);
    onCommit(value, typeof value === 'number' ? next.trim() : undefined);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && kind !== 'long_text') {
      e.preventDefault();
      commit(text);
    } else if (e.key === 'Escape') {
      setText(stored);
      props.onDismissError?.();
    } else if (e.altKey && (e.key === 'n' || e.key === 'N')) {
      e.preventDefault();
      onNotReported();
    }
  };

  let input;
  if (kind === 'single_choice' || kind === 'yes_no_unclear') {
    const choices = kind === 'yes_no_unclear' ? ['Yes', 'No', 'Unclear'] : (props.options ?? []);
    input = (
      <select
        aria-label={label}
        className={notReported ? 'not-reported' : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onCommit(e.target.value || null);
        }}
        onKeyDown={onKeyDown}
      >
        <option value="">{notReported ? 'Not reported' : ''}</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'long_text') {
    input = (
      <textarea
        aria-label={label}
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => commit(text)}
        onKeyDown={onKeyDown}
        placeholder={notReported ? 'Not reported' : ''}
        className={error ? 'invalid' : notReported ? 'not-reported' : ''}
      />
    );
  } else {
    input = (
      <input
        aria-label={label}
        type={kind === 'date' ? 'date' : 'text'}
        inputMode={kind === 'number' || kind === 'integer' || kind === 'cell' ? 'decimal' : undefined}
        value={text}
        placeholder={
          notReported
            ? props.compact
              ? 'NR'
              : 'Not reported'
            : kind === 'multiple_choice'
              ? (props.options ?? []).join('; ')
              : ''
        }
        onChange={(e) => setText(e.target.value)}
        onBlur={() => commit(text)}
        onKeyDown={onKeyDown}
        className={
          (kind === 'cell' ? 'cell-number ' : '') +
          (error
            ? 'invalid'
            : notReported
              ? 'not-reported'
              : value?.origin === 'mapped'
                ? 'mapped'
                : value?.origin === 'converted'
                  ? 'converted'
                  : '')
        }
        title={
          value?.conversion
            ? `Converted: ${value.conversion.method} (${value.conversion.source}); stored as ${String(value.value)}`
            : value?.origin === 'typed'
              ? 'Typed'
              : undefined
        }
      />
    );
  }
  return (
    <span className={props.compact ? 'field-input compact' : 'field-input'}>
      {input}
      <button
        type="button"
        className={notReported ? 'nr on' : 'nr'}
        aria-pressed={notReported}
        aria-label={`${label}: not reported, NR`}
        title="Not reported (Alt+N)"
        onClick={onNotReported}
      >
        NR
      </button>
      {props.onConvert && (
        <button
          type="button"
          className="source"
          aria-label={`${label}: convert`}
          title="Convert from what the study reports"
          onClick={props.onConvert}
        >
          ⇄
        </button>
      )}
      {value?.provenance && onGoToSource && (
        <button
          type="button"
          className="source"
          aria-label={`${label}: go to source`}
          title={`From “${value.provenance.rawText}”`}
          onClick={() => onGoToSource(value.provenance!.highlightId)}
        >
          ↗
        </button>
      )}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
